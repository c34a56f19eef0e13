package org.dial4j.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * The few C library calls the test support needs, each returning the raw result with the errno
 * captured by the same downcall.
 *
 * <p>errno is captured with {@code Linker.Option.captureCallState} into a segment allocated per
 * call in a confined arena: errno is per thread in C, and a shared static capture segment would let
 * two threads overwrite each other's value between the call and the read.
 */
public final class Libc {
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int CLONE_NEWNET = 0x40000000;

  /** {@code AF_INET}, for {@link #inetPton} and {@link #inetNtop}. */
  public static final int AF_INET = 2;

  /** {@code AF_INET6}, for {@link #inetPton} and {@link #inetNtop}. */
  public static final int AF_INET6 = 10;

  /** glibc's {@code INET6_ADDRSTRLEN}: the longest text inet_ntop writes, with its NUL. */
  private static final int INET6_ADDRSTRLEN = 46;

  static final int SOCK_STREAM = 1;
  static final int SOCK_CLOEXEC = 0x80000;

  static final int EACCES = 13;
  static final int ENETUNREACH = 101;
  static final int EHOSTUNREACH = 113;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  // open(2) is variadic in C (the mode follows only with O_CREAT): declaring the mode as the
  // first variadic argument keeps the call ABI-correct on every platform.
  private static final MethodHandle OPEN =
      downcall(
          "open",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT),
          CAPTURE_ERRNO,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE =
      downcall(
          "close",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle SETNS =
      downcall(
          "setns",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle PIPE2 =
      downcall(
          "pipe2",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle SOCKET =
      downcall(
          "socket",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle CONNECT =
      downcall(
          "connect",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  // long syscall(long number, ...): the arguments after the number are variadic, and passing
  // them as longs matches what the kernel reads from the registers.
  private static final MethodHandle SYSCALL =
      downcall(
          "syscall",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG),
          CAPTURE_ERRNO,
          Linker.Option.firstVariadicArg(1));

  private static final MethodHandle INET_PTON =
      downcall(
          "inet_pton",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS));
  private static final MethodHandle INET_ATON =
      downcall(
          "inet_aton",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
  private static final MethodHandle INET_NTOP =
      downcall(
          "inet_ntop",
          FunctionDescriptor.of(
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));

  /** The outcome of one call: the C return value and, when it failed, the errno it set. */
  record Result(long value, int errno) {
    /** Whether the call returned -1, the C convention for failure. */
    boolean failed() {
      return value == -1;
    }

    /** The return value as an int, for calls that return a descriptor or a status. */
    int intValue() {
      return Math.toIntExact(value);
    }
  }

  private Libc() {}

  // Restricted, and allowed: Surefire runs the tests with --enable-native-access=org.dial4j.
  @SuppressWarnings("restricted")
  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LIBC.find(name).orElseThrow(() -> new IllegalStateException("no C symbol " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  private static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  /** {@code open(path, flags)}. */
  static Result open(String path, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags, 0);
      return new Result(fd, fd == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code close(fd)}. */
  static Result close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      int rc = (int) CLOSE.invokeExact(capture, fd);
      return new Result(rc, rc == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code setns(fd, nstype)}: moves the calling thread into the namespace fd refers to. */
  static Result setns(int fd, int nstype) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      int rc = (int) SETNS.invokeExact(capture, fd, nstype);
      return new Result(rc, rc == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * {@code pipe2(fds, flags)}: the read end to {@code fds[0]}, the write end to {@code fds[1]} (the
   * library makes no pipe, so the call lives here, with the tests that need one).
   */
  static Result pipe2(int[] fds, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      MemorySegment out = arena.allocate(ValueLayout.JAVA_INT, 2);
      int rc = (int) PIPE2.invokeExact(capture, out, flags);
      if (rc == 0) {
        fds[0] = out.getAtIndex(ValueLayout.JAVA_INT, 0);
        fds[1] = out.getAtIndex(ValueLayout.JAVA_INT, 1);
      }
      return new Result(rc, rc == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code socket(domain, type, protocol)}. */
  static Result socket(int domain, int type, int protocol) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      int fd = (int) SOCKET.invokeExact(capture, domain, type, protocol);
      return new Result(fd, fd == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * A blocking {@code connect(fd, sockaddr_in{address, port})} for an IPv4 address given as its
   * four bytes in network order.
   */
  static Result connectIpv4(int fd, byte[] address, int port) {
    if (address.length != 4) {
      throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + address.length);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      // struct sockaddr_in: sa_family_t (host order), in_port_t and in_addr (network order),
      // 8 bytes of padding that must be zero (allocate zeroes memory).
      MemorySegment sockaddr = arena.allocate(16, 4);
      sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
      sockaddr.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
      MemorySegment.copy(address, 0, sockaddr, ValueLayout.JAVA_BYTE, 4, 4);
      int rc = (int) CONNECT.invokeExact(capture, fd, sockaddr, (int) sockaddr.byteSize());
      return new Result(rc, rc == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * The raw {@code syscall(number, a, b, c)}: unlike the glibc wrappers of the set*id family, which
   * broadcast the change to every thread of the process, the raw system call affects the calling
   * thread only.
   */
  static Result syscall(long number, long a, long b, long c) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
      long rc = (long) SYSCALL.invokeExact(capture, number, a, b, c);
      return new Result(rc, rc == -1 ? errno(capture) : 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * {@code inet_pton(af, text, dst)} on {@code text}'s bytes as they are, NUL-terminated (the C
   * library reads up to the first NUL, so the caller decides what a NUL inside means).
   *
   * @param af {@link #AF_INET} or {@link #AF_INET6}
   * @param text the C string's bytes, without its terminating NUL
   * @return the 4 or 16 address bytes when inet_pton returned 1, null when it returned 0
   * @throws IllegalStateException when it returned -1 (an unknown family)
   */
  public static byte @Nullable [] inetPton(int af, byte[] text) {
    int size = af == AF_INET ? 4 : 16;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(text.length + 1L);
      MemorySegment.copy(text, 0, src, ValueLayout.JAVA_BYTE, 0, text.length);
      MemorySegment dst = arena.allocate(16);
      int rc = (int) INET_PTON.invokeExact(af, src, dst);
      if (rc < 0) {
        throw new IllegalStateException("inet_pton(" + af + ") returned " + rc);
      }
      return rc == 1 ? dst.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE) : null;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * {@code inet_aton(text, dst)}, BSD's IPv4 reader (glibc's public one ignores what follows white
   * space after the address), on {@code text}'s bytes NUL-terminated.
   *
   * @return the 4 address bytes when it returned non-zero, null when it returned 0
   */
  public static byte @Nullable [] inetAton(byte[] text) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(text.length + 1L);
      MemorySegment.copy(text, 0, src, ValueLayout.JAVA_BYTE, 0, text.length);
      MemorySegment dst = arena.allocate(4);
      int rc = (int) INET_ATON.invokeExact(src, dst);
      return rc != 0 ? dst.toArray(ValueLayout.JAVA_BYTE) : null;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * {@code inet_ntop(af, address, buf, INET6_ADDRSTRLEN)}: glibc's text of an address.
   *
   * @param address 4 bytes for {@link #AF_INET}, 16 for {@link #AF_INET6}
   * @throws IllegalStateException when inet_ntop returned NULL
   */
  public static String inetNtop(int af, byte[] address) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE, address);
      MemorySegment buf = arena.allocate(INET6_ADDRSTRLEN);
      MemorySegment out = (MemorySegment) INET_NTOP.invokeExact(af, src, buf, INET6_ADDRSTRLEN);
      if (out.address() == 0) {
        throw new IllegalStateException("inet_ntop(" + af + ") returned NULL");
      }
      return buf.getString(0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code open(path, O_RDONLY | O_CLOEXEC)}, throwing when it fails. */
  static int openReadOnly(String path) {
    Result result = open(path, O_RDONLY | O_CLOEXEC);
    if (result.failed()) {
      throw new IllegalStateException("open(" + path + ") failed: errno " + result.errno());
    }
    return result.intValue();
  }

  // invokeExact declares Throwable; the C functions themselves cannot throw, so anything here
  // is a linkage problem or an Error, passed on unchanged when it is unchecked.
  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("downcall failed", e);
  }
}
