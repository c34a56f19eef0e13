package org.dial4j.error;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Bad input found while parsing an address, a port or a network name (operation {@code parse}),
 * before any system call: an unchecked {@link IllegalArgumentException} that still carries an errno
 * (normally {@link Errno#EINVAL}) and names the input, e.g. {@code parse: EINVAL (Invalid
 * argument): port "70000" is outside 0..65535 in "127.0.0.1:70000"}.
 */
public final class InvalidArgumentException extends IllegalArgumentException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;
  private final @Nullable String input;

  /**
   * A parse error.
   *
   * @param errno the errno (normally {@link Errno#EINVAL})
   * @param input the text that was rejected, exactly as given (may be null)
   * @param why what is wrong with it
   */
  public InvalidArgumentException(Errno errno, @Nullable String input, String why) {
    this(new ErrorInfo(errno, Operation.PARSE, null, null, null, describe(input, why)), input);
  }

  private InvalidArgumentException(ErrorInfo info, @Nullable String input) {
    super(info.message());
    this.info = info;
    this.input = input;
  }

  private static String describe(@Nullable String input, String why) {
    Objects.requireNonNull(why, "why");
    return input == null ? why + " (input was null)" : why + " in \"" + input + "\"";
  }

  /** The rejected text, exactly as given (empty if it was null). */
  public Optional<String> input() {
    return Optional.ofNullable(input);
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
