package org.dial4j.loop;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link LoopFd} calls on its loop's thread (libut's {@code UT_fd_cb}).
 *
 * <p>libut's callback returns an {@code int} that libut ignores; here the method is {@code void},
 * so that property holds by construction. The callback may close the descriptor ({@link
 * LoopFd#close()}: close and unregister in one call) or change its interest from inside the call.
 * It must not block: dial4j's blocking calls throw on a loop thread.
 */
@FunctionalInterface
public interface FdCallback {

  /**
   * One notification.
   *
   * @param fd the descriptor's registration (its number is {@link LoopFd#fd()})
   * @param name the name exactly as the registration kept it (copied, possibly truncated)
   * @param status {@link Status} bits; test the ones you know and ignore the others
   * @param data the opaque object given at registration, exactly as given (may be null)
   */
  void onEvent(LoopFd fd, String name, int status, @Nullable Object data);
}
