package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's TestDialerPartialDeadline table, in milliseconds, for dial4j's documented budget policy. */
class DialBudgetTest {
  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "now {0}, deadline {1}, {2} addresses left -> {3}")
  @DisplayName(
      "Go TestDialerPartialDeadline: remaining / addresses left, at least 2 s, never past the"
          + " deadline")
  @CsvSource({
    // now, deadline, addresses left, attempt deadline
    "0, 3600000, 1, 3600000", // one address gets all the time
    "0, 3600000, 3, 1200000", // an hour over three addresses: 20 minutes each
    "0, 10000, 10, 2000", // 1 s each would be under the 2 s floor
    "0, 1500, 3, 1500", // less than 2 s left: all of it
    "5000, 4000, 1, 4000", // already past: the deadline itself
    "0, 9000, 3, 3000",
  })
  void table(long now, long deadline, int left, long expected) {
    assertThat(DialBudget.attemptDeadline(now * MS, true, deadline * MS, left))
        .isEqualTo(org.dial4j.Deadline.at(expected * MS));
  }

  @ParameterizedTest(name = "no deadline, {0} addresses")
  @DisplayName("Go TestDialerPartialDeadline: no deadline, none per attempt")
  @CsvSource({"1", "5"})
  void none(int left) {
    assertThat(DialBudget.attemptDeadline(123, false, 0, left))
        .isEqualTo(org.dial4j.Deadline.NEVER);
  }
}
