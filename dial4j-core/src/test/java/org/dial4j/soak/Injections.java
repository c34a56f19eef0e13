package org.dial4j.soak;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * What the child's system call table injected, as far as the referee must know it to tell an
 * injected failure from dial4j's: the errnos {@code --allow-errno} names, each accepted only once
 * the table ({@link FaultySyscalls}) has injected it; whether a close of the soak's own failed
 * because its {@code close(2)} was failed on that thread; and how many outcomes each excuse
 * accepted, for the report. Over any other table (the kernel's, a broken one) nothing is injected,
 * so nothing is excused.
 */
final class Injections {
  private final @Nullable FaultySyscalls table;
  private final Set<String> allowed;
  private final ConcurrentMap<String, LongAdder> excused = new ConcurrentHashMap<>();

  /**
   * @param allowed the errno names {@code --allow-errno} gave: the injected errnos that may reach a
   *     caller
   */
  Injections(Syscalls sys, Set<String> allowed) {
    this.table = sys instanceof FaultySyscalls f ? f : null;
    this.allowed = Set.copyOf(allowed);
  }

  /** Whether {@code errno} is one the run allows and the table has injected at least once. */
  boolean injected(String errno) {
    if (table == null || !allowed.contains(errno)) {
      return false;
    }
    for (Errno e : Errno.values()) {
      if (e.name().equals(errno)) {
        return table.injected(e) > 0;
      }
    }
    return false;
  }

  /** Whether {@code failure} is a {@link NetError} whose errno {@link #injected} explains. */
  boolean injected(Throwable failure) {
    return Outcomes.unwrap(failure) instanceof NetError n && injected(n.errno().name());
  }

  /** Forgets an older injected {@code close(2)} failure of this thread: call before a close. */
  void beforeClose() {
    if (table != null) {
      var _ = table.takeInjectedHere(FaultySyscalls.Call.CLOSE);
    }
  }

  /**
   * Whether {@code failure}, thrown by a close this thread made after {@link #beforeClose}, is the
   * errno the table injected into that close's {@code close(2)} on this thread (and one the run
   * allows): {@code PosixSocket.close} reports what its own {@code close(2)} said, by contract.
   */
  boolean closeFailedByInjection(Throwable failure) {
    if (table == null
        || !(failure instanceof NetError n)
        || n.operation() != Operation.CLOSE
        || !allowed.contains(n.errno().name())) {
      return false;
    }
    return table.takeInjectedHere(FaultySyscalls.Call.CLOSE) == n.errno();
  }

  /** Counts an outcome accepted because of an injection, under {@code why}. */
  void excuse(String why) {
    excused.computeIfAbsent(why, k -> new LongAdder()).increment();
  }

  /** The table's seed and counts ({@link FaultySyscalls#toString}), or null for another table. */
  @Nullable String table() {
    return table == null ? null : table.toString();
  }

  /** Each excuse and how many outcomes it accepted, sorted by excuse. */
  String excused() {
    StringBuilder sb = new StringBuilder();
    excused.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                sb.append(sb.isEmpty() ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue().sum()));
    return sb.toString();
  }
}
