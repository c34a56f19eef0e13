package org.dial4j.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * {@link Syscalls} on Linux through the FFM API: each call is a {@code static final} {@link
 * MethodHandle} (linked on the call's first use) invoked with {@code invokeExact}, linked with
 * {@code captureCallState("errno")} so errno is read in the same call, into a capture segment that
 * belongs to the calling thread (never one static segment shared by threads; the JDK's {@code
 * CaptureStateUtil} and Netty's FFM notes do the same).
 *
 * <p>Calls that cannot block on a non-blocking descriptor are linked {@code critical}: no thread
 * state transition, and for send and receive the Java heap may be passed without copying. dial4j
 * keeps every descriptor it owns in {@code O_NONBLOCK} mode, which is what makes this safe; {@code
 * poll} and {@code close} are linked normally because they may block.
 *
 * <p>Linking is a restricted operation (JEP 472). When the JVM denies this module native access
 * ({@code --illegal-native-access=deny}, the JDK's announced future default), this class still
 * initializes, and every call throws a new {@link IllegalCallerException} whose message names the
 * option that grants access, with the JDK's refusal as its cause: each call says so, not only the
 * first (a failed class initializer would leave later calls a bare {@link NoClassDefFoundError}).
 */
public final class LinuxSyscalls implements Syscalls {

  /** The one instance. */
  public static final LinuxSyscalls INSTANCE = new LinuxSyscalls();

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /**
   * The JDK's refusal of native access to this module, or null; set before any link below. Never
   * thrown itself: the cause of the new exception each call throws.
   */
  @SuppressWarnings("StaticAssignmentOfThrowable")
  private static final @Nullable IllegalCallerException DENIED = nativeAccessRefusal();

  // One holder class per call, initialized on the call's first use (JLS 12.4.1), so only the
  // calls a program makes are linked: a dial links socket, connect, getsockopt, getsockname,
  // close and the loop's calls, not every one below. Linking (a stub and its method handle
  // adapters,
  // spun at run time) is most of what the FFM API costs at start-up; the handle is still a
  // static final, which the JIT folds into the call.
  private static final class Socket {
    static final MethodHandle H = link(false, "socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
  }

  private static final class Bind {
    static final MethodHandle H = link(false, "bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  }

  private static final class Listen {
    static final MethodHandle H = link(false, "listen", JAVA_INT, JAVA_INT, JAVA_INT);
  }

  private static final class Accept4 {
    static final MethodHandle H =
        link(false, "accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
  }

  private static final class Connect {
    static final MethodHandle H = link(false, "connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  }

  private static final class GetSockOpt {
    static final MethodHandle H =
        link(false, "getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  }

  private static final class SetSockOpt {
    static final MethodHandle H =
        link(false, "setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  }

  private static final class GetSockName {
    static final MethodHandle H = link(false, "getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  }

  private static final class GetPeerName {
    static final MethodHandle H = link(false, "getpeername", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  }

  private static final class Send {
    static final MethodHandle H =
        link(true, "send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
  }

  private static final class Recv {
    static final MethodHandle H =
        link(true, "recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
  }

  private static final class SendTo {
    static final MethodHandle H =
        link(true, "sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
  }

  private static final class RecvFrom {
    static final MethodHandle H =
        link(true, "recvfrom", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
  }

  private static final class Shutdown {
    static final MethodHandle H = link(false, "shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
  }

  private static final class Fcntl {
    static final MethodHandle H = linkVariadic("fcntl", JAVA_INT, JAVA_INT);
  }

  // SIOCOUTQ and the like answer at once, without blocking: linked critical, as fcntl is.
  private static final class Ioctl {
    static final MethodHandle H = linkVariadic("ioctl", JAVA_LONG, ADDRESS);
  }

  private static final class Getrlimit {
    static final MethodHandle H = link(false, "getrlimit", JAVA_INT, JAVA_INT, ADDRESS);
  }

  private static final class Setrlimit {
    static final MethodHandle H = link(false, "setrlimit", JAVA_INT, JAVA_INT, ADDRESS);
  }

  private static final class Close {
    static final MethodHandle H = linkBlocking("close", JAVA_INT, JAVA_INT);
  }

  private static final class Poll {
    static final MethodHandle H = linkBlocking("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
  }

  private static final class EpollCreate1 {
    static final MethodHandle H = link(false, "epoll_create1", JAVA_INT, JAVA_INT);
  }

  private static final class EpollCtl {
    static final MethodHandle H =
        link(false, "epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
  }

  // epoll_wait is the loop's one blocking call: linked normally so the JVM sees the thread leave.
  private static final class EpollWait {
    static final MethodHandle H =
        linkBlocking("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
  }

  private static final class EventFd {
    static final MethodHandle H = link(false, "eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
  }

  // read/write serve eventfds and pipes, which are always non-blocking in dial4j's hands.
  private static final class Read {
    static final MethodHandle H = link(true, "read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
  }

  private static final class Write {
    static final MethodHandle H = link(true, "write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
  }

  // getaddrinfo reads files and waits for DNS: linked normally, never critical. freeaddrinfo
  // (free) and gai_strerror (a table) return at once.
  private static final class GetAddrInfo {
    static final MethodHandle H =
        linkBlocking("getaddrinfo", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
  }

  private static final class FreeAddrInfo {
    static final MethodHandle H = linkVoid("freeaddrinfo", ADDRESS);
  }

  private static final class GaiStrerror {
    static final MethodHandle H = link(false, "gai_strerror", ADDRESS, JAVA_INT);
  }

  /** Per-thread native scratch: the errno capture and the small in/out structs of one call. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static {
    Layouts.checkPlatform();
  }

  private LinuxSyscalls() {}

  /** True: these are the kernel's descriptors. */
  @Override
  public boolean kernelDescriptors() {
    return true;
  }

  private static MethodHandle link(
      boolean heapAccess, String name, MemoryLayout ret, MemoryLayout... args) {
    return link(name, FunctionDescriptor.of(ret, args), Linker.Option.critical(heapAccess));
  }

  private static MethodHandle linkBlocking(String name, MemoryLayout ret, MemoryLayout... args) {
    return link(name, FunctionDescriptor.of(ret, args));
  }

  /** A function returning {@code void}, such as {@code freeaddrinfo}, that does not block. */
  private static MethodHandle linkVoid(String name, MemoryLayout... args) {
    return link(name, FunctionDescriptor.ofVoid(args), Linker.Option.critical(false));
  }

  /** The C library's {@code name} with {@code function}, capturing errno, with {@code more}. */
  private static MethodHandle link(
      String name, FunctionDescriptor function, Linker.Option... more) {
    if (DENIED != null) {
      return denied(function);
    }
    Linker.Option[] options = new Linker.Option[more.length + 1];
    options[0] = Linker.Option.captureCallState("errno");
    System.arraycopy(more, 0, options, 1, more.length);
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), function, options);
  }

  /**
   * {@code fcntl(int fd, int cmd, ...)} and {@code ioctl(int fd, unsigned long request, ...)}: the
   * third argument is variadic, an {@code int} for our fcntl commands and a pointer for ioctl.
   */
  private static MethodHandle linkVariadic(String name, MemoryLayout second, MemoryLayout third) {
    FunctionDescriptor function = FunctionDescriptor.of(JAVA_INT, JAVA_INT, second, third);
    if (DENIED != null) {
      return denied(function);
    }
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(),
        function,
        Linker.Option.captureCallState("errno"),
        Linker.Option.firstVariadicArg(2),
        Linker.Option.critical(false));
  }

  /**
   * Null if this module may call restricted methods; else the JDK's IllegalCallerException. {@code
   * MemorySegment.reinterpret} is restricted like {@code Linker.downcallHandle}: the JDK checks the
   * caller's module the same way for both (JEP 472), and under the default {@code
   * --illegal-native-access=warn} prints its one warning for this module here.
   */
  private static @Nullable IllegalCallerException nativeAccessRefusal() {
    if (LinuxSyscalls.class.getModule().isNativeAccessEnabled()) {
      return null;
    }
    try {
      MemorySegment.NULL.reinterpret(0);
      return null;
    } catch (IllegalCallerException e) {
      return e;
    }
  }

  /**
   * A handle of the type the downcall of {@code function} would have (the errno capture segment
   * first) that throws {@link #nativeAccessDenied()} instead of calling the C library. The call
   * sites, {@code invokeExact} on a static final, stay as they are.
   */
  private static MethodHandle denied(FunctionDescriptor function) {
    MethodType type = function.toMethodType().insertParameterTypes(0, MemorySegment.class);
    try {
      MethodHandle fresh =
          MethodHandles.lookup()
              .findStatic(
                  LinuxSyscalls.class,
                  "nativeAccessDenied",
                  MethodType.methodType(IllegalCallerException.class));
      MethodHandle thrower =
          MethodHandles.collectArguments(
              MethodHandles.throwException(type.returnType(), IllegalCallerException.class),
              0,
              fresh);
      return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    } catch (ReflectiveOperationException e) {
      throw new LinkageError("LinuxSyscalls.nativeAccessDenied", e);
    }
  }

  /**
   * What every call throws when the JVM denies this module native access: a new exception each
   * time, naming the option that grants it for the way dial4j was loaded, the JDK's refusal as its
   * cause.
   */
  @SuppressWarnings("UnusedMethod") // found by name: the findStatic in denied()
  private static IllegalCallerException nativeAccessDenied() {
    Module module = LinuxSyscalls.class.getModule();
    String message =
        module.isNamed()
            ? "dial4j calls the C library through the FFM API, and the JVM denies native access to"
                + " module "
                + module.getName()
                + ": run java with --enable-native-access="
                + module.getName()
                + " (dial4j on the module path; on the class path it is"
                + " --enable-native-access=ALL-UNNAMED, or Enable-Native-Access: ALL-UNNAMED in an"
                + " executable jar's manifest)"
            : "dial4j calls the C library through the FFM API, and the JVM denies native access to"
                + " the class path (the unnamed module): run java with"
                + " --enable-native-access=ALL-UNNAMED, or for java -jar put Enable-Native-Access:"
                + " ALL-UNNAMED in the main section of the jar's manifest (on the module path it is"
                + " --enable-native-access=org.dial4j)";
    return new IllegalCallerException(message, DENIED);
  }

  private static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) Socket.H.invokeExact(s.capture, domain, type, protocol);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int bind(int fd, @Nullable SockAddr addr) {
    Scratch s = SCRATCH.get();
    try {
      int len = Layouts.encode(addr, s.addr);
      if (len < 0) {
        return len;
      }
      int r = (int) Bind.H.invokeExact(s.capture, fd, Layouts.pointer(addr, s.addr), len);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int listen(int fd, int backlog) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) Listen.H.invokeExact(s.capture, fd, backlog);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int accept4(int fd, @Nullable SockAddr @Nullable [] peer, int flags) {
    Scratch s = SCRATCH.get();
    try {
      s.len.set(JAVA_INT, 0, Layouts.SOCKADDR_STORAGE);
      int r = (int) Accept4.H.invokeExact(s.capture, fd, s.addr, s.len, flags);
      if (r < 0) {
        return -errno(s.capture);
      }
      if (peer != null) {
        peer[0] = Layouts.decode(s.addr, s.len.get(JAVA_INT, 0));
      }
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int connect(int fd, @Nullable SockAddr addr) {
    Scratch s = SCRATCH.get();
    try {
      int len = Layouts.encode(addr, s.addr);
      if (len < 0) {
        return len;
      }
      int r = (int) Connect.H.invokeExact(s.capture, fd, Layouts.pointer(addr, s.addr), len);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int getsockoptInt(int fd, int level, int name, int[] value) {
    Scratch s = SCRATCH.get();
    try {
      s.val.set(JAVA_INT, 0, 0);
      s.len.set(JAVA_INT, 0, 4);
      int r = (int) GetSockOpt.H.invokeExact(s.capture, fd, level, name, s.val, s.len);
      if (r < 0) {
        return -errno(s.capture);
      }
      value[0] = s.val.get(JAVA_INT, 0);
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int setsockoptInt(int fd, int level, int name, int value) {
    Scratch s = SCRATCH.get();
    try {
      s.val.set(JAVA_INT, 0, value);
      int r = (int) SetSockOpt.H.invokeExact(s.capture, fd, level, name, s.val, 4);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int setLinger(int fd, boolean on, int seconds) {
    Scratch s = SCRATCH.get();
    try {
      // struct linger { int l_onoff; int l_linger; }
      s.val.set(JAVA_INT, 0, on ? 1 : 0);
      s.val.set(JAVA_INT, 4, seconds);
      int r =
          (int) SetSockOpt.H.invokeExact(s.capture, fd, Sys.SOL_SOCKET, Sys.SO_LINGER, s.val, 8);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int getLinger(int fd, int[] value) {
    Scratch s = SCRATCH.get();
    try {
      // struct linger { int l_onoff; int l_linger; }
      s.val.set(JAVA_LONG, 0, 0L);
      s.len.set(JAVA_INT, 0, 8);
      int r =
          (int)
              GetSockOpt.H.invokeExact(s.capture, fd, Sys.SOL_SOCKET, Sys.SO_LINGER, s.val, s.len);
      if (r < 0) {
        return -errno(s.capture);
      }
      value[0] = s.val.get(JAVA_INT, 0);
      value[1] = s.val.get(JAVA_INT, 4);
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  // The byte-valued options (an interface name) are rare set-up calls: a confined arena each.
  @Override
  public int setsockoptBytes(int fd, int level, int name, byte[] value) {
    Scratch s = SCRATCH.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
      int r = (int) SetSockOpt.H.invokeExact(s.capture, fd, level, name, buf, value.length);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int getsockoptBytes(int fd, int level, int name, byte[] value) {
    Scratch s = SCRATCH.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(Math.max(1, value.length));
      s.len.set(JAVA_INT, 0, value.length);
      int r = (int) GetSockOpt.H.invokeExact(s.capture, fd, level, name, buf, s.len);
      if (r < 0) {
        return -errno(s.capture);
      }
      int n = Math.min(value.length, s.len.get(JAVA_INT, 0));
      MemorySegment.copy(buf, JAVA_BYTE, 0, value, 0, n);
      return n;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int getsockname(int fd, @Nullable SockAddr[] addr) {
    return getname(GetSockName.H, fd, addr);
  }

  @Override
  public int getpeername(int fd, @Nullable SockAddr[] addr) {
    return getname(GetPeerName.H, fd, addr);
  }

  private static int getname(MethodHandle h, int fd, @Nullable SockAddr[] out) {
    Scratch s = SCRATCH.get();
    try {
      s.len.set(JAVA_INT, 0, Layouts.SOCKADDR_STORAGE);
      int r = (int) h.invokeExact(s.capture, fd, s.addr, s.len);
      if (r < 0) {
        return -errno(s.capture);
      }
      out[0] = Layouts.decode(s.addr, s.len.get(JAVA_INT, 0));
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public long send(int fd, MemorySegment buf, int flags) {
    Scratch s = SCRATCH.get();
    try {
      long r = (long) Send.H.invokeExact(s.capture, fd, buf, buf.byteSize(), flags);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public long recv(int fd, MemorySegment buf, int flags) {
    Scratch s = SCRATCH.get();
    try {
      long r = (long) Recv.H.invokeExact(s.capture, fd, buf, buf.byteSize(), flags);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public long sendto(int fd, MemorySegment buf, int flags, @Nullable SockAddr to) {
    Scratch s = SCRATCH.get();
    try {
      int len = to == null ? 0 : Layouts.encode(to, s.addr);
      if (len < 0) {
        return len;
      }
      MemorySegment p = to == null ? MemorySegment.NULL : s.addr;
      long r = (long) SendTo.H.invokeExact(s.capture, fd, buf, buf.byteSize(), flags, p, len);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public long recvfrom(int fd, MemorySegment buf, int flags, @Nullable SockAddr @Nullable [] from) {
    Scratch s = SCRATCH.get();
    try {
      s.len.set(JAVA_INT, 0, Layouts.SOCKADDR_STORAGE);
      long r =
          (long) RecvFrom.H.invokeExact(s.capture, fd, buf, buf.byteSize(), flags, s.addr, s.len);
      if (r < 0) {
        return -errno(s.capture);
      }
      if (from != null) {
        from[0] = Layouts.decode(s.addr, s.len.get(JAVA_INT, 0));
      }
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int shutdown(int fd, int how) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) Shutdown.H.invokeExact(s.capture, fd, how);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int close(int fd) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) Close.H.invokeExact(s.capture, fd);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) Fcntl.H.invokeExact(s.capture, fd, cmd, arg);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int ioctlInt(int fd, int request, int[] value) {
    Scratch s = SCRATCH.get();
    try {
      s.val.set(JAVA_INT, 0, 0);
      // The request is an unsigned long: widened without sign extension.
      long req = Integer.toUnsignedLong(request);
      int r = (int) Ioctl.H.invokeExact(s.capture, fd, req, s.val);
      if (r < 0) {
        return -errno(s.capture);
      }
      value[0] = s.val.get(JAVA_INT, 0);
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int getrlimit(int resource, long[] value) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) Getrlimit.H.invokeExact(s.capture, resource, s.rlimit);
      if (r < 0) {
        return -errno(s.capture);
      }
      value[0] = s.rlimit.get(JAVA_LONG, 0);
      value[1] = s.rlimit.get(JAVA_LONG, 8);
      return r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int setrlimit(int resource, long soft, long hard) {
    Scratch s = SCRATCH.get();
    try {
      s.rlimit.set(JAVA_LONG, 0, soft);
      s.rlimit.set(JAVA_LONG, 8, hard);
      int r = (int) Setrlimit.H.invokeExact(s.capture, resource, s.rlimit);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int poll(int fd, int events, int timeoutMillis) {
    Scratch s = SCRATCH.get();
    try {
      // struct pollfd { int fd; short events; short revents; }
      s.pollfd.set(JAVA_INT, 0, fd);
      s.pollfd.set(JAVA_SHORT, 4, (short) events);
      s.pollfd.set(JAVA_SHORT, 6, (short) 0);
      int r = (int) Poll.H.invokeExact(s.capture, s.pollfd, 1L, timeoutMillis);
      if (r < 0) {
        return -errno(s.capture);
      }
      return r == 0 ? 0 : s.pollfd.get(JAVA_SHORT, 6) & 0xffff;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int epollCreate1(int flags) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) EpollCreate1.H.invokeExact(s.capture, flags);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int epollCtl(int epfd, int op, int fd, int events, long data) {
    Scratch s = SCRATCH.get();
    try {
      EpollEvents.set(s.event, events, data);
      int r = (int) EpollCtl.H.invokeExact(s.capture, epfd, op, fd, s.event);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) EpollWait.H.invokeExact(s.capture, epfd, events, maxEvents, timeoutMillis);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public int eventfd(int initval, int flags) {
    Scratch s = SCRATCH.get();
    try {
      int r = (int) EventFd.H.invokeExact(s.capture, initval, flags);
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public long read(int fd, MemorySegment buf) {
    Scratch s = SCRATCH.get();
    try {
      long r = (long) Read.H.invokeExact(s.capture, fd, buf, buf.byteSize());
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public long write(int fd, MemorySegment buf) {
    Scratch s = SCRATCH.get();
    try {
      long r = (long) Write.H.invokeExact(s.capture, fd, buf, buf.byteSize());
      return r < 0 ? -errno(s.capture) : r;
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  @Override
  public AddrInfo getaddrinfo(String host, int family, int socktype, int flags) {
    Scratch s = SCRATCH.get();
    try {
      if (host.indexOf('\0') >= 0) {
        return AddrInfo.failed(Sys.EAI_NONAME, 0, gaiStrerror(s, Sys.EAI_NONAME));
      }
      try (Arena call = Arena.ofConfined()) {
        MemorySegment node = call.allocateFrom(host);
        MemorySegment hints = call.allocate(Layouts.ADDRINFO);
        hints.set(JAVA_INT, Layouts.AI_FLAGS, flags);
        hints.set(JAVA_INT, Layouts.AI_FAMILY, family);
        hints.set(JAVA_INT, Layouts.AI_SOCKTYPE, socktype);
        MemorySegment res = call.allocate(ADDRESS);
        int r = (int) GetAddrInfo.H.invokeExact(s.capture, node, MemorySegment.NULL, hints, res);
        if (r != 0) {
          // errno means something for EAI_SYSTEM only (getaddrinfo(3)).
          int errno = r == Sys.EAI_SYSTEM ? errno(s.capture) : 0;
          return AddrInfo.failed(r, errno, gaiStrerror(s, r));
        }
        MemorySegment list = res.get(ADDRESS, 0);
        try {
          return AddrInfo.of(AddrInfo.read(list));
        } finally {
          FreeAddrInfo.H.invokeExact(s.capture, list);
        }
      }
    } catch (Throwable t) {
      throw Layouts.rethrow(t);
    }
  }

  /** gai_strerror(3): glibc's text for an {@code EAI_*} code (a static string, read at once). */
  private static String gaiStrerror(Scratch s, int code) throws Throwable {
    MemorySegment text = (MemorySegment) GaiStrerror.H.invokeExact(s.capture, code);
    return text.address() == 0 ? "" : text.reinterpret(GAI_TEXT_MAX).getString(0);
  }

  /** Longer than any of glibc's gai_strerror texts; getString stops at the NUL before it. */
  private static final long GAI_TEXT_MAX = 256;

  /** One thread's native scratch memory, freed with the thread ({@link Arena#ofAuto()}). */
  private static final class Scratch {
    final MemorySegment capture;
    final MemorySegment addr;
    final MemorySegment len;
    final MemorySegment val;
    final MemorySegment pollfd;
    final MemorySegment event;

    /** {@code struct rlimit}: two {@code rlim_t} (unsigned long), soft then hard. */
    final MemorySegment rlimit;

    Scratch() {
      MemorySegment all = Arena.ofAuto().allocate(256, 8);
      capture = all.asSlice(0, CAPTURE.byteSize());
      addr = all.asSlice(32, Layouts.SOCKADDR_STORAGE);
      len = all.asSlice(160, 4);
      val = all.asSlice(168, 8);
      pollfd = all.asSlice(176, 8);
      event = all.asSlice(184, 16);
      rlimit = all.asSlice(200, 16);
    }
  }
}
