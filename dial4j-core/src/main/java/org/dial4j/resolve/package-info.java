/**
 * dial4j's own stub resolver on the event loop (internal, not exported): one DNS exchange with one
 * server over UDP or TCP ({@link org.dial4j.resolve.DnsExchange}), and above it the queries of a
 * name, their cache and their sources. The public face is {@code org.dial4j.dial.Resolver}.
 */
@NullMarked
package org.dial4j.resolve;

import org.jspecify.annotations.NullMarked;
