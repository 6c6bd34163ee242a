package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Backend;

/** One mount served by this process: its backend and its brokered connection to Vault. */
record MountInstance(Backend backend, VaultConnection vault) {}
