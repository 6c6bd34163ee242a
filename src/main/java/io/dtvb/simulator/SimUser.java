package io.dtvb.simulator;

/**
 * A user of the simulated account that can own platform tokens.
 *
 * @param email for a service user {@code <uuid>@service.sso.dynatrace.com} (field-reported owner format)
 */
record SimUser(String uuid, String email, boolean serviceUser) {}
