package org.dial4j.soak;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dial4j.error.Errno;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;

/**
 * System call tables that break dial4j on purpose, for the soak's own test: the kernel's calls
 * through a proxy that changes one thing. Given to a child by class name ({@code --syscalls}), as a
 * fault-injecting table would be, they show that the soak reports what they break.
 */
final class BrokenSyscalls {
  private BrokenSyscalls() {}

  /** The kernel's table with {@code change} in front: it answers a call, or null to pass it on. */
  private static Syscalls around(InvocationHandler change) {
    Syscalls real = LinuxSyscalls.INSTANCE;
    return (Syscalls)
        Proxy.newProxyInstance(
            Syscalls.class.getClassLoader(),
            new Class<?>[] {Syscalls.class},
            (proxy, method, args) -> {
              Object changed = change.invoke(proxy, method, args);
              if (changed != null) {
                return changed;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Skips every hundredth {@code close(2)}: the descriptor stays open, a leak. */
  public static final class LeakyClose implements Supplier<Syscalls> {
    private final AtomicLong closes = new AtomicLong();

    /** Made by class name. */
    public LeakyClose() {}

    @Override
    public Syscalls get() {
      return around(
          (proxy, method, args) ->
              method.getName().equals("close") && closes.incrementAndGet() % 100 == 0 ? 0 : null);
    }
  }

  /** Says ECONNRESET where the kernel says ECONNREFUSED (from connect or SO_ERROR). */
  public static final class RefusedAsReset implements Supplier<Syscalls> {
    /** Made by class name. */
    public RefusedAsReset() {}

    @Override
    public Syscalls get() {
      Syscalls real = LinuxSyscalls.INSTANCE;
      int refused = Errno.ECONNREFUSED.number();
      int reset = Errno.ECONNRESET.number();
      return around(
          (proxy, method, args) -> {
            if (method.getName().equals("connect")) {
              int r = real.connect((int) args[0], (org.dial4j.sys.SockAddr) args[1]);
              return r == -refused ? -reset : r;
            }
            if (method.getName().equals("getsockoptInt") && (int) args[2] == Sys.SO_ERROR) {
              int[] out = (int[]) args[3];
              int r = real.getsockoptInt((int) args[0], (int) args[1], Sys.SO_ERROR, out);
              if (out[0] == refused) {
                out[0] = reset;
              }
              return r;
            }
            return null;
          });
    }
  }
}
