import org.dial4j.testing.LogCaptureExtension;

/**
 * Registers {@link LogCaptureExtension} for every test through JUnit's extension auto-detection
 * (META-INF/services/org.junit.jupiter.api.extension.Extension). A class in the unnamed package for
 * the reason {@code FdLeakExtensionProvider} gives: ServiceLoader ignores a service entry that
 * names a class of the named module the tests are patched into.
 */
@SuppressWarnings("DefaultPackage") // the unnamed package: see the Javadoc above
public final class LogCaptureExtensionProvider extends LogCaptureExtension {
  /** Creates the extension; the ServiceLoader does. */
  public LogCaptureExtensionProvider() {}
}
