package org.dial4j.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * Reads the {@code struct epoll_event} array that {@link Syscalls#epollWait} fills. The struct is
 * {@code { uint32_t events; epoll_data_t data; }}, declared {@code __attribute__((packed))} on
 * x86_64 only (the kernel's {@code EPOLL_PACKED}): 12 bytes with {@code data} at offset 4 there, 16
 * bytes with {@code data} at offset 8 on aarch64 (ARCHITECTURE.md: sizes checked, never assumed).
 */
public final class EpollEvents {
  private EpollEvents() {}

  private static final boolean PACKED =
      System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).matches("amd64|x86_64");

  /** {@code sizeof(struct epoll_event)} on this machine. */
  public static final int SIZE = PACKED ? 12 : 16;

  private static final long DATA = PACKED ? 4 : 8;

  /** The 64-bit data field is only 4-byte aligned in the packed layout. */
  private static final ValueLayout.OfLong DATA_LAYOUT = JAVA_LONG.withByteAlignment(4);

  /** The {@code events} of entry {@code i}. */
  public static int events(MemorySegment array, int i) {
    return array.get(JAVA_INT, (long) i * SIZE);
  }

  /** The {@code data} ({@code epoll_data_t}, 64 bits) of entry {@code i}. */
  public static long data(MemorySegment array, int i) {
    return array.get(DATA_LAYOUT, (long) i * SIZE + DATA);
  }

  /** Writes one entry (for {@code epoll_ctl}'s single event). */
  static void set(MemorySegment event, int events, long data) {
    event.set(JAVA_INT, 0, events);
    event.set(DATA_LAYOUT, DATA, data);
  }
}
