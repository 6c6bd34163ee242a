package io.dtvb.leaselog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store against the contract every {@link LogStore} keeps (the PostgreSQL store runs it too). */
class FileLogStoreContractTest extends LogStoreContract {
  @TempDir
  Path dir;

  @Override
  LogStore openEmpty() throws Exception {
    return FileLogStore.open(dir);
  }

  @Override
  LogStore reopen() throws Exception {
    return FileLogStore.open(dir);
  }
}
