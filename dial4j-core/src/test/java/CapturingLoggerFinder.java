import org.dial4j.testing.CapturedLogs;

/**
 * The test run's {@link System.LoggerFinder} (META-INF/services/java.lang.System$LoggerFinder):
 * every {@link System.Logger} the library asks for keeps its lines in {@link CapturedLogs} instead
 * of printing them. In the unnamed package for the reason {@code FdLeakExtensionProvider} gives.
 */
@SuppressWarnings("DefaultPackage") // the unnamed package: see the Javadoc above
public final class CapturingLoggerFinder extends System.LoggerFinder {
  /** Creates the finder; the ServiceLoader does. */
  public CapturingLoggerFinder() {}

  @Override
  public System.Logger getLogger(String name, Module module) {
    return CapturedLogs.logger(name);
  }
}
