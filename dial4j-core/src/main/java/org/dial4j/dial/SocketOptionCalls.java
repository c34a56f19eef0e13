package org.dial4j.dial;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import org.dial4j.error.Errno;
import org.dial4j.error.Operation;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;

/**
 * The socket options of a {@link Connection} (and of a {@link Dialer}'s attempts), each as its
 * {@code setsockopt(2)} and {@code getsockopt(2)}: which level and name, which values are good, and
 * how a failure reads ({@code setsockopt ...: EPERM ...: SO_MARK}, the kernel's name of the option
 * as the detail).
 */
final class SocketOptionCalls {
  private SocketOptionCalls() {}

  /** The options {@link Connection#setOption} and {@link Connection#getOption} take. */
  static Set<SocketOption<?>> supported() {
    return Supported.SET;
  }

  /**
   * {@link #supported()}, in a holder class of its own: jdk.net's {@code ExtendedSocketOptions}
   * loads a native library when it is initialized, which takes a descriptor. Every attempt's socket
   * set-up runs this class's other methods; were the set initialized with this class, an EMFILE at
   * the JVM's first dial would fail that load, leave this class uninitialized, and fail every later
   * dial (NoClassDefFoundError). Only {@code setOption} and {@code getOption} of {@code TCP_KEEP*}
   * reach {@code ExtendedSocketOptions} now.
   */
  private static final class Supported {
    static final Set<SocketOption<?>> SET =
        Set.of(
            StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.IP_TOS,
            ExtendedSocketOptions.TCP_KEEPIDLE,
            ExtendedSocketOptions.TCP_KEEPINTERVAL,
            ExtendedSocketOptions.TCP_KEEPCOUNT,
            DialSocketOptions.TCP_USER_TIMEOUT,
            DialSocketOptions.SO_MARK,
            DialSocketOptions.SO_BINDTODEVICE);

    private Supported() {}
  }

  /**
   * Linux's limits: {@code MAX_TCP_KEEPIDLE}, {@code MAX_TCP_KEEPINTVL}, {@code MAX_TCP_KEEPCNT}.
   */
  static final int MAX_KEEPIDLE = 32767;

  static final int MAX_KEEPINTVL = 32767;
  static final int MAX_KEEPCNT = 127;

  /** How a failed call becomes the caller's exception (its network and endpoints). */
  @FunctionalInterface
  interface Failure {
    IOException of(Errno errno, Operation op, String detail);
  }

  /**
   * Sets {@code option} to {@code value} on {@code fd}.
   *
   * @throws UnsupportedOperationException for an option not in {@link #supported()}
   * @throws IllegalArgumentException for a value of the wrong type or out of range
   * @throws IOException the errno of the failed setsockopt, the option named
   */
  static <T> void set(Syscalls sys, int fd, SocketOption<T> option, T value, Failure fail)
      throws IOException {
    check(option);
    if (value == null || !option.type().isInstance(value)) {
      throw new IllegalArgumentException(
          "option " + option.name() + " takes a " + option.type().getSimpleName() + ": " + value);
    }
    if (option == StandardSocketOptions.TCP_NODELAY) {
      setInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_NODELAY, bool(value), "TCP_NODELAY", fail);
    } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
      setInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_KEEPALIVE, bool(value), "SO_KEEPALIVE", fail);
    } else if (option == StandardSocketOptions.SO_LINGER) {
      int s = (Integer) value;
      setLinger(sys, fd, s < 0 ? -1 : Math.min(s, 65535), fail);
    } else if (option == StandardSocketOptions.SO_RCVBUF) {
      setInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_RCVBUF, positive(option, value), "SO_RCVBUF", fail);
    } else if (option == StandardSocketOptions.SO_SNDBUF) {
      setInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_SNDBUF, positive(option, value), "SO_SNDBUF", fail);
    } else if (option == StandardSocketOptions.IP_TOS) {
      setTrafficClass(sys, fd, within(option, value, 0, 255), fail);
    } else if (option == ExtendedSocketOptions.TCP_KEEPIDLE) {
      int v = within(option, value, 1, MAX_KEEPIDLE);
      setInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPIDLE, v, "TCP_KEEPIDLE", fail);
    } else if (option == ExtendedSocketOptions.TCP_KEEPINTERVAL) {
      int v = within(option, value, 1, MAX_KEEPINTVL);
      setInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPINTVL, v, "TCP_KEEPINTVL", fail);
    } else if (option == ExtendedSocketOptions.TCP_KEEPCOUNT) {
      int v = within(option, value, 1, MAX_KEEPCNT);
      setInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPCNT, v, "TCP_KEEPCNT", fail);
    } else if (option == DialSocketOptions.TCP_USER_TIMEOUT) {
      int v = within(option, value, 0, Integer.MAX_VALUE);
      setInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_USER_TIMEOUT, v, "TCP_USER_TIMEOUT", fail);
    } else if (option == DialSocketOptions.SO_MARK) {
      setInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_MARK, (Integer) value, "SO_MARK", fail);
    } else {
      setDevice(sys, fd, (String) value, fail);
    }
  }

  /**
   * The value of {@code option} on {@code fd}, as the kernel reports it (SO_RCVBUF and SO_SNDBUF:
   * the doubled size the kernel keeps; SO_LINGER: seconds, -1 when off; SO_BINDTODEVICE: empty when
   * unbound).
   *
   * @throws UnsupportedOperationException for an option not in {@link #supported()}
   * @throws IOException the errno of the failed getsockopt, the option named
   */
  static <T> T get(Syscalls sys, int fd, SocketOption<T> option, Failure fail) throws IOException {
    check(option);
    Object v;
    if (option == StandardSocketOptions.TCP_NODELAY) {
      v = getInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_NODELAY, "TCP_NODELAY", fail) != 0;
    } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
      v = getInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_KEEPALIVE, "SO_KEEPALIVE", fail) != 0;
    } else if (option == StandardSocketOptions.SO_LINGER) {
      int[] l = new int[2];
      int r = sys.getLinger(fd, l);
      if (r < 0) {
        throw fail.of(Errno.of(-r), Operation.GETSOCKOPT, "SO_LINGER");
      }
      v = l[0] != 0 ? l[1] : -1;
    } else if (option == StandardSocketOptions.SO_RCVBUF) {
      v = getInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_RCVBUF, "SO_RCVBUF", fail);
    } else if (option == StandardSocketOptions.SO_SNDBUF) {
      v = getInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_SNDBUF, "SO_SNDBUF", fail);
    } else if (option == StandardSocketOptions.IP_TOS) {
      v =
          isInet6(sys, fd, fail)
              ? getInt(sys, fd, Sys.IPPROTO_IPV6, Sys.IPV6_TCLASS, "IPV6_TCLASS", fail)
              : getInt(sys, fd, Sys.IPPROTO_IP, Sys.IP_TOS, "IP_TOS", fail);
    } else if (option == ExtendedSocketOptions.TCP_KEEPIDLE) {
      v = getInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPIDLE, "TCP_KEEPIDLE", fail);
    } else if (option == ExtendedSocketOptions.TCP_KEEPINTERVAL) {
      v = getInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPINTVL, "TCP_KEEPINTVL", fail);
    } else if (option == ExtendedSocketOptions.TCP_KEEPCOUNT) {
      v = getInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPCNT, "TCP_KEEPCNT", fail);
    } else if (option == DialSocketOptions.TCP_USER_TIMEOUT) {
      v = getInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT", fail);
    } else if (option == DialSocketOptions.SO_MARK) {
      v = getInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_MARK, "SO_MARK", fail);
    } else {
      byte[] name = new byte[Sys.IFNAMSIZ];
      int n = sys.getsockoptBytes(fd, Sys.SOL_SOCKET, Sys.SO_BINDTODEVICE, name);
      if (n < 0) {
        throw fail.of(Errno.of(-n), Operation.GETSOCKOPT, "SO_BINDTODEVICE");
      }
      int end = 0;
      while (end < n && name[end] != 0) {
        end++;
      }
      v = new String(name, 0, end, StandardCharsets.UTF_8);
    }
    return option.type().cast(v);
  }

  private static void check(SocketOption<?> option) {
    if (option == null || !supported().contains(option)) {
      throw new UnsupportedOperationException("'" + option + "' not supported");
    }
  }

  /** setsockopt of an int option, the failure naming it. */
  static void setInt(
      Syscalls sys, int fd, int level, int name, int value, String label, Failure fail)
      throws IOException {
    int r = sys.setsockoptInt(fd, level, name, value);
    if (r < 0) {
      throw fail.of(Errno.of(-r), Operation.SETSOCKOPT, label);
    }
  }

  private static int getInt(Syscalls sys, int fd, int level, int name, String label, Failure fail)
      throws IOException {
    int[] out = new int[1];
    int r = sys.getsockoptInt(fd, level, name, out);
    if (r < 0) {
      throw fail.of(Errno.of(-r), Operation.GETSOCKOPT, label);
    }
    return out[0];
  }

  /** SO_LINGER: {@code seconds} (0 resets at close), or -1 for off. */
  static void setLinger(Syscalls sys, int fd, int seconds, Failure fail) throws IOException {
    int r = sys.setLinger(fd, seconds >= 0, Math.max(seconds, 0));
    if (r < 0) {
      throw fail.of(Errno.of(-r), Operation.SETSOCKOPT, "SO_LINGER");
    }
  }

  /** IP_TOS on an IPv4 socket, IPV6_TCLASS on an IPv6 one. */
  static void setTrafficClass(Syscalls sys, int fd, int value, Failure fail) throws IOException {
    if (isInet6(sys, fd, fail)) {
      setInt(sys, fd, Sys.IPPROTO_IPV6, Sys.IPV6_TCLASS, value, "IPV6_TCLASS", fail);
    } else {
      setInt(sys, fd, Sys.IPPROTO_IP, Sys.IP_TOS, value, "IP_TOS", fail);
    }
  }

  /** SO_BINDTODEVICE: the interface's name (checked), empty to unbind. */
  static void setDevice(Syscalls sys, int fd, String device, Failure fail) throws IOException {
    byte[] name = checkDevice(device);
    int r = sys.setsockoptBytes(fd, Sys.SOL_SOCKET, Sys.SO_BINDTODEVICE, name);
    if (r < 0) {
      throw fail.of(Errno.of(-r), Operation.SETSOCKOPT, "SO_BINDTODEVICE " + device);
    }
  }

  /**
   * An interface name's bytes: fewer than IFNAMSIZ, no NUL.
   *
   * @throws IllegalArgumentException otherwise
   */
  static byte[] checkDevice(String device) {
    byte[] name = device.getBytes(StandardCharsets.UTF_8);
    if (name.length >= Sys.IFNAMSIZ || device.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "SO_BINDTODEVICE: an interface name is at most 15 bytes, without NUL: " + device);
    }
    return name;
  }

  private static boolean isInet6(Syscalls sys, int fd, Failure fail) throws IOException {
    return getInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_DOMAIN, "SO_DOMAIN", fail) == Sys.AF_INET6;
  }

  private static int bool(Object value) {
    return ((Boolean) value) ? 1 : 0;
  }

  private static int positive(SocketOption<?> option, Object value) {
    return within(option, value, 1, Integer.MAX_VALUE);
  }

  /**
   * The int {@code value} of {@code option}, checked to lie in {@code min..max}.
   *
   * @throws IllegalArgumentException otherwise
   */
  static int within(SocketOption<?> option, Object value, int min, int max) {
    int v = (Integer) value;
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "option " + option.name() + ": " + v + " is not within " + min + ".." + max);
    }
    return v;
  }
}
