/**
 * What the socket, loop and dial layers share and no user calls (internal, not exported): the
 * kernel form of an {@link org.dial4j.Endpoint} ({@link org.dial4j.internal.SockAddrs}), the socket
 * kinds in the kernel's numbers and Go's network names ({@link org.dial4j.internal.SocketKinds}), a
 * descriptor's reference count ({@link org.dial4j.internal.FdLife}), TargetTCP's input checks
 * ({@link org.dial4j.internal.TargetChecks}) and the guard that keeps loop threads from blocking
 * ({@link org.dial4j.internal.Blocking}).
 */
@NullMarked
package org.dial4j.internal;

import org.jspecify.annotations.NullMarked;
