package org.dial4j.loop;

/**
 * The status bits an {@link FdCallback} receives (libut's {@code UT_net_connect} CALLBACK section).
 * Test them with {@code (status & Status.CONNECTED) != 0}: other bits may be set and must be
 * ignored, as the libut page says, and dial4j does set more than the three that page names (for
 * example {@link #HANGUP} together with {@link #READABLE} at end of stream).
 */
public final class Status {
  private Status() {}

  /** Initial notification that the remote side accepted the connection. Exactly once. */
  public static final int CONNECTED = 1;

  /**
   * The connection attempt (or, later, a buffered write) failed. {@link LoopFd#error()} holds the
   * errno, the reason is logged, and the loop closes the descriptor itself after the callback
   * returns: do not close it (closing it anyway is harmless). With {@link FdFlags#OWNER_CLOSES} the
   * loop only unregisters it, and FAILED also comes (with ECANCELED) when the loop closes.
   */
  public static final int FAILED = 1 << 1;

  /** The descriptor is readable; this can also mean end of stream (a read returns -1). */
  public static final int READABLE = 1 << 2;

  /** A listener accepted this descriptor: the first call for it, before any data. */
  public static final int NEW_ACCEPT = 1 << 3;

  /** The descriptor is writable (only when write interest was asked for). */
  public static final int WRITABLE = 1 << 4;

  /** The peer closed or reset its side (EPOLLRDHUP / EPOLLHUP); comes with {@link #READABLE}. */
  public static final int HANGUP = 1 << 5;

  private static final String[] NAMES = {
    "CONNECTED", "FAILED", "READABLE", "NEW_ACCEPT", "WRITABLE", "HANGUP"
  };

  /** The set bits by name, {@code READABLE|HANGUP}; unknown bits in hex; {@code 0} if none. */
  public static String describe(int status) {
    return Bits.describe(status, NAMES);
  }
}
