package org.dial4j.control;

import java.util.List;

/** Reading the {@code fds} reply as a script would: skip the header, split rows on white space. */
final class FdsRows {
  private FdsRows() {}

  /** The rows after the header, each as its ten fields. */
  static List<List<String>> parse(LineClient.Reply r) {
    if (!r.ok()) {
      throw new AssertionError("fds failed: " + r.status());
    }
    return r.body().stream().skip(1).map(l -> List.of(l.strip().split("\\s+"))).toList();
  }
}
