package org.dial4j.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The C structs of the socket calls, named after the C structs, with the Linux ABI's sizes checked
 * when the backend loads, and the conversions between them and {@link SockAddr}.
 */
final class Layouts {
  private Layouts() {}

  /** {@code sizeof(struct sockaddr_storage)}. */
  static final int SOCKADDR_STORAGE = 128;

  /** Ports and flow labels are in network byte order; families and scope ids in host order. */
  private static final ValueLayout.OfShort NET_SHORT =
      JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);

  private static final ValueLayout.OfInt NET_INT =
      JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);

  /** {@code struct sockaddr_in}: 16 bytes. */
  static final StructLayout SOCKADDR_IN =
      MemoryLayout.structLayout(
              JAVA_SHORT.withName("sin_family"),
              NET_SHORT.withName("sin_port"),
              MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
              MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"))
          .withName("sockaddr_in");

  /** {@code struct sockaddr_in6}: 28 bytes. */
  static final StructLayout SOCKADDR_IN6 =
      MemoryLayout.structLayout(
              JAVA_SHORT.withName("sin6_family"),
              NET_SHORT.withName("sin6_port"),
              NET_INT.withName("sin6_flowinfo"),
              MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
              JAVA_INT.withName("sin6_scope_id"))
          .withName("sockaddr_in6");

  /** {@code struct sockaddr_un}: 110 bytes. */
  static final StructLayout SOCKADDR_UN =
      MemoryLayout.structLayout(
              JAVA_SHORT.withName("sun_family"),
              MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"))
          .withName("sockaddr_un");

  /** {@code struct pollfd}: 8 bytes. */
  static final StructLayout POLLFD =
      MemoryLayout.structLayout(
              JAVA_INT.withName("fd"),
              JAVA_SHORT.withName("events"),
              JAVA_SHORT.withName("revents"))
          .withName("pollfd");

  /**
   * {@code struct addrinfo} of {@code <netdb.h>} (glibc, LP64): 48 bytes, four {@code int}s, {@code
   * socklen_t ai_addrlen} and 4 bytes of padding, then three pointers. glibc puts {@code ai_addr}
   * before {@code ai_canonname}; the BSDs have them the other way round.
   */
  static final StructLayout ADDRINFO =
      MemoryLayout.structLayout(
              JAVA_INT.withName("ai_flags"),
              JAVA_INT.withName("ai_family"),
              JAVA_INT.withName("ai_socktype"),
              JAVA_INT.withName("ai_protocol"),
              JAVA_INT.withName("ai_addrlen"),
              MemoryLayout.paddingLayout(4),
              ADDRESS.withName("ai_addr"),
              ADDRESS.withName("ai_canonname"),
              ADDRESS.withName("ai_next"))
          .withName("addrinfo");

  static final long AI_FLAGS = ADDRINFO.byteOffset(groupElement("ai_flags"));
  static final long AI_FAMILY = ADDRINFO.byteOffset(groupElement("ai_family"));
  static final long AI_SOCKTYPE = ADDRINFO.byteOffset(groupElement("ai_socktype"));
  static final long AI_ADDRLEN = ADDRINFO.byteOffset(groupElement("ai_addrlen"));
  static final long AI_ADDR = ADDRINFO.byteOffset(groupElement("ai_addr"));
  static final long AI_NEXT = ADDRINFO.byteOffset(groupElement("ai_next"));

  private static final long SIN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));
  private static final long SIN6_SCOPE = SOCKADDR_IN6.byteOffset(groupElement("sin6_scope_id"));
  private static final int SUN_PATH_MAX = 108;

  /**
   * Fails fast unless this is Linux on x86_64 or aarch64 and the struct layouts match that ABI (the
   * sizes of {@code <netinet/in.h>}, {@code <sys/un.h>} and glibc's {@code <netdb.h>}).
   */
  static void checkPlatform() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.equals("Linux")
        || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
      throw new UnsupportedOperationException(
          "dial4j's Linux backend needs Linux on x86_64 or aarch64; this is " + os + " on " + arch);
    }
    check("sizeof(struct sockaddr_in)", SOCKADDR_IN.byteSize(), 16);
    check("sizeof(struct sockaddr_in6)", SOCKADDR_IN6.byteSize(), 28);
    check("offsetof(struct sockaddr_in6, sin6_addr)", SIN6_ADDR, 8);
    check("offsetof(struct sockaddr_in6, sin6_scope_id)", SIN6_SCOPE, 24);
    check("sizeof(struct sockaddr_un)", SOCKADDR_UN.byteSize(), 110);
    check("sizeof(struct pollfd)", POLLFD.byteSize(), 8);
    check("sizeof(struct addrinfo)", ADDRINFO.byteSize(), 48);
    check("offsetof(struct addrinfo, ai_family)", AI_FAMILY, 4);
    check("offsetof(struct addrinfo, ai_socktype)", AI_SOCKTYPE, 8);
    check("offsetof(struct addrinfo, ai_addrlen)", AI_ADDRLEN, 16);
    check("offsetof(struct addrinfo, ai_addr)", AI_ADDR, 24);
    check(
        "offsetof(struct addrinfo, ai_canonname)",
        ADDRINFO.byteOffset(groupElement("ai_canonname")),
        32);
    check("offsetof(struct addrinfo, ai_next)", AI_NEXT, 40);
    check("sizeof(void *)", ADDRESS.byteSize(), 8);
    check(
        "native byte order is little-endian",
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 1 : 0,
        1);
  }

  private static void check(String what, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalStateException(what + " is " + actual + ", expected " + expected);
    }
  }

  /** The pointer to pass for {@code addr}: the scratch struct, or NULL for a null address. */
  static MemorySegment pointer(@Nullable SockAddr addr, MemorySegment scratch) {
    return addr == null ? MemorySegment.NULL : scratch;
  }

  /**
   * Writes {@code addr} into {@code out} (at least {@link #SOCKADDR_STORAGE} bytes) and returns the
   * length to pass, or {@code -EINVAL} for an address too long for any struct. A null address gives
   * the length of a {@code sockaddr_in} with a NULL pointer, so that the kernel itself answers
   * EFAULT (LTP connect01's "invalid address buffer" case).
   */
  static int encode(@Nullable SockAddr addr, MemorySegment out) {
    return switch (addr) {
      case null -> (int) SOCKADDR_IN.byteSize();
      case SockAddr.In4 a -> {
        out.asSlice(0, 16).fill((byte) 0);
        out.set(JAVA_SHORT, 0, (short) Sys.AF_INET);
        out.set(NET_SHORT, 2, (short) a.port());
        MemorySegment.copy(a.addr(), 0, out, JAVA_BYTE, 4, 4);
        yield 16;
      }
      case SockAddr.In6 a -> {
        out.set(JAVA_SHORT, 0, (short) Sys.AF_INET6);
        out.set(NET_SHORT, 2, (short) a.port());
        out.set(NET_INT, 4, a.flowinfo());
        MemorySegment.copy(a.addr(), 0, out, JAVA_BYTE, SIN6_ADDR, 16);
        out.set(JAVA_INT, SIN6_SCOPE, a.scopeId());
        yield 28;
      }
      case SockAddr.Un a -> {
        byte[] p = a.sunPath();
        // A path is NUL-terminated; an abstract name (leading NUL) and the unnamed address are not.
        boolean terminate = p.length > 0 && p[0] != 0;
        int n = p.length + (terminate ? 1 : 0);
        if (n > SUN_PATH_MAX) {
          yield -Sys.EINVAL;
        }
        out.set(JAVA_SHORT, 0, (short) Sys.AF_UNIX);
        MemorySegment.copy(p, 0, out, JAVA_BYTE, 2, p.length);
        if (terminate) {
          out.set(JAVA_BYTE, 2 + p.length, (byte) 0);
        }
        yield 2 + n;
      }
      case SockAddr.Unspec u -> {
        out.asSlice(0, 16).fill((byte) 0);
        yield 16;
      }
      case SockAddr.Raw r -> {
        byte[] b = r.bytes();
        if (b.length > SOCKADDR_STORAGE) {
          yield -Sys.EINVAL;
        }
        MemorySegment.copy(b, 0, out, JAVA_BYTE, 0, b.length);
        yield b.length;
      }
    };
  }

  /** Reads the {@code len} bytes the kernel wrote at {@code in}. */
  static SockAddr decode(MemorySegment in, int len) {
    int family = len >= 2 ? in.get(JAVA_SHORT, 0) & 0xffff : -1;
    if (family == Sys.AF_INET && len >= 16) {
      byte[] a = new byte[4];
      MemorySegment.copy(in, JAVA_BYTE, 4, a, 0, 4);
      return new SockAddr.In4(a, in.get(NET_SHORT, 2) & 0xffff);
    }
    if (family == Sys.AF_INET6 && len >= 24) {
      byte[] a = new byte[16];
      MemorySegment.copy(in, JAVA_BYTE, SIN6_ADDR, a, 0, 16);
      int scope = len >= 28 ? in.get(JAVA_INT, SIN6_SCOPE) : 0;
      return new SockAddr.In6(a, in.get(NET_SHORT, 2) & 0xffff, in.get(NET_INT, 4), scope);
    }
    if (family == Sys.AF_UNIX) {
      int n = Math.min(len - 2, SUN_PATH_MAX);
      if (n > 0 && in.get(JAVA_BYTE, 2) != 0) {
        // A path: the kernel may count the terminating NUL in len; stop at the first NUL.
        int end = 0;
        while (end < n && in.get(JAVA_BYTE, 2 + end) != 0) {
          end++;
        }
        n = end;
      }
      byte[] p = new byte[Math.max(n, 0)];
      MemorySegment.copy(in, JAVA_BYTE, 2, p, 0, p.length);
      return new SockAddr.Un(p);
    }
    byte[] raw = new byte[Math.max(0, Math.min(len, SOCKADDR_STORAGE))];
    MemorySegment.copy(in, JAVA_BYTE, 0, raw, 0, raw.length);
    return new SockAddr.Raw(raw);
  }

  /** Rethrows what {@code invokeExact} threw; a downcall throws nothing checked. */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("downcall failed", t);
  }
}
