package org.dial4j.control;

import java.util.List;

/**
 * A command an application adds to a control port ({@link ControlPort#addCommand}).
 *
 * <p>It runs on the event loop's thread, once per input line that names it, and must not block
 * (dial4j's blocking calls throw there). Its reply is built in memory and framed by the port (see
 * {@link ControlPort} for the framing): the lines it prints with {@link ControlSession#println}
 * become the reply's body, and returning normally ends the reply with {@code ok}.
 */
@FunctionalInterface
public interface ControlCommand {

  /**
   * Runs the command for one input line.
   *
   * @param session the client's session: {@link ControlSession#println} adds a line to the reply,
   *     {@link ControlSession#close()} ends the session once the reply is written
   * @param args the words after the command name, split on spaces and tabs (no quoting), never
   *     null; empty when the line is the name alone
   * @throws IllegalArgumentException for bad arguments: the reply is then the one line {@code
   *     error: MESSAGE} and what was printed before is dropped; any other exception is answered the
   *     same way, naming its class, and is logged at ERROR
   */
  void run(ControlSession session, List<String> args);
}
