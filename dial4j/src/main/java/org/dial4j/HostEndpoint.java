package org.dial4j;

/**
 * A host name and a port, not yet resolved. (CONTRACT STUB: to be implemented.)
 *
 * @param host the host name
 * @param port the port, 0..65535
 */
public record HostEndpoint(String host, int port) implements Endpoint {}
