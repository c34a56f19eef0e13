package org.dial4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.DialListener;
import org.jspecify.annotations.Nullable;

/**
 * The {@link DialListener} of {@code dial4j dial}: keeps every event for the report and, with
 * {@code --trace}, prints each as it happens (on the dialer's loop thread, which is why the list is
 * guarded). Once {@link #seal() sealed}, when the dial has returned, it drops what still comes (a
 * late success closed after the winner), so the trace ends with the outcome line.
 */
final class DialRecorder implements DialListener {
  private final @Nullable PrintWriter trace;
  private final List<DialEvent> events = new ArrayList<>();
  private boolean sealed;

  /**
   * @param trace where to print each event, or null not to
   */
  DialRecorder(@Nullable PrintWriter trace) {
    this.trace = trace;
  }

  @Override
  public synchronized void onEvent(DialEvent event) {
    if (sealed) {
      return;
    }
    events.add(event);
    if (trace != null) {
      trace.println(line(event));
    }
  }

  /** One trace line: {@code " 0.412 ms attempt 1 start IPv6 [::1]:8080"}. */
  static String line(DialEvent event) {
    return String.format(Locale.ROOT, "%8.3f ms  %s", event.at().toNanos() / 1e6, event.describe());
  }

  /** Stops recording; the events so far. */
  synchronized List<DialEvent> seal() {
    sealed = true;
    return List.copyOf(events);
  }
}
