package org.dial4j.loop;

import java.time.Duration;
import org.dial4j.Endpoint;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@link EventLoop#fds()}: what the control port's {@code fds} command prints for a
 * descriptor the loop holds.
 *
 * @param fd the descriptor number
 * @param name its name (for a named connect, as given, cut to {@link LoopFd#MAX_NAME})
 * @param type {@code socket}, {@code pipe} or {@code other}
 * @param flags its {@link FdFlags}
 * @param state {@code connecting}, {@code connected}, {@code listening}, {@code accepted} or {@code
 *     open}
 * @param local the local address, or null if not known
 * @param remote the remote address, or null if none
 * @param age how long the loop has held it
 * @param bytesIn bytes read through the loop
 * @param bytesOut bytes written through the loop
 */
public record FdInfo(
    int fd,
    String name,
    String type,
    int flags,
    String state,
    @Nullable Endpoint local,
    @Nullable Endpoint remote,
    Duration age,
    long bytesIn,
    long bytesOut) {}
