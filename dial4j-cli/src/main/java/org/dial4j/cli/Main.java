package org.dial4j.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code dial4j} command. {@link #main} is the only place that exits the JVM; everything else
 * returns its exit status, so tests call {@link #run} with their own streams.
 */
@Command(
    name = "dial4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "dial4j: the connect operation for Java, POSIX-faithful sockets over the FFM API.",
    subcommands = {
      DemoCommand.class,
      ConnectCommand.class,
      DialCommand.class,
      ResolveCommand.class,
      StormCommand.class,
      CommandLine.HelpCommand.class,
      AotTrainingCommand.class,
      SocketBenchCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:the operation failed (see the subcommand)",
      "2:a usage error (no or an unknown subcommand, a bad option)",
      "3-5:dial: the name did not resolve (3), timed out (4), cancelled (5);"
          + " resolve: no such name or no records (3), timed out (4)"
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  private Main() {}

  /** {@code dial4j} without a subcommand: the usage, on standard error, and status 2. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("dial4j: a subcommand is required");
    spec.commandLine().usage(err);
    return 2;
  }

  /**
   * Runs the command line with these streams and returns the exit status.
   *
   * @param out standard output
   * @param err standard error
   * @param args the arguments after the program name
   * @return 0 on success, 1 when the operation failed, 2 for a usage error, 3 to 5 for the ways a
   *     dial or a resolve fails that {@code dial --help} and {@code resolve --help} list
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, out.charset()), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, err.charset()), true);
    try {
      return commandLine(o, e).execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    // The Solaris program has no options: "-5" is a (negative) port and "-x" a bad address, so
    // unknown option-like words reach its own argument checks. Set after setOut/setErr, which
    // apply to subcommands too.
    Objects.requireNonNull(cl.getSubcommands().get("connect"))
        .setUnmatchedOptionsArePositionalParams(true);
    return cl;
  }

  /**
   * The program's entry point: {@code System.exit(run(...))}. For {@code dial}, the {@link WarmUp}
   * starts first, on a thread of its own, while the command line is parsed.
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("dial")) {
      WarmUp.start(WarmUp.Plan.guess(List.of(args).subList(1, args.length)));
    }
    System.exit(run(System.out, System.err, args));
  }

  /** {@code --version}: the module's version, as the jar records it. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v =
          Main.class.getModule().isNamed()
              ? Main.class
                  .getModule()
                  .getDescriptor()
                  .rawVersion()
                  .orElse("(version unknown: not run from the built jar)")
              : "(version unknown: not run as a module)";
      return new String[] {
        "dial4j " + v, "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
