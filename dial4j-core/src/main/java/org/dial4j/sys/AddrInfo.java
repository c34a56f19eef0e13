package org.dial4j.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * What one getaddrinfo(3) call answered, copied out to Java before freeaddrinfo(3): status 0 and
 * the addresses in the list's order (duplicates and all, as the C library gave them), or an {@code
 * EAI_*} code ({@link Sys}, glibc's numbers) with gai_strerror(3)'s text and, for {@code
 * EAI_SYSTEM}, the errno of the same call.
 *
 * @param status 0, or the {@code EAI_*} code getaddrinfo returned
 * @param errno errno for {@code EAI_SYSTEM}, else 0
 * @param text gai_strerror(3) of a failed status, else empty
 * @param addresses each entry's {@code ai_addr}, in order (empty when the call failed)
 */
public record AddrInfo(int status, int errno, String text, List<SockAddr> addresses) {
  /** Copies the list, so the record stays immutable. */
  public AddrInfo {
    addresses = List.copyOf(addresses);
  }

  /** A successful call's answer. */
  public static AddrInfo of(List<SockAddr> addresses) {
    return new AddrInfo(0, 0, "", addresses);
  }

  /** A failed call's answer: its {@code EAI_*} code, the errno for EAI_SYSTEM, its text. */
  public static AddrInfo failed(int status, int errno, String text) {
    return new AddrInfo(status, errno, text, List.of());
  }

  /** Whether getaddrinfo returned non-zero. */
  public boolean failed() {
    return status != 0;
  }

  /**
   * Reads the {@code struct addrinfo} list that starts at {@code first} ({@link Layouts#ADDRINFO}):
   * each entry's {@code ai_addr} of {@code ai_addrlen} bytes, following {@code ai_next} to NULL.
   */
  static List<SockAddr> read(MemorySegment first) {
    List<SockAddr> out = new ArrayList<>(4);
    MemorySegment p = first;
    while (p.address() != 0) {
      MemorySegment ai = p.reinterpret(Layouts.ADDRINFO.byteSize());
      int len = ai.get(JAVA_INT, Layouts.AI_ADDRLEN);
      MemorySegment addr = ai.get(ADDRESS, Layouts.AI_ADDR);
      if (addr.address() != 0 && len > 0) {
        out.add(Layouts.decode(addr.reinterpret(len), len));
      }
      p = ai.get(ADDRESS, Layouts.AI_NEXT);
    }
    return out;
  }
}
