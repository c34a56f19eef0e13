import org.dial4j.testing.FdLeakExtension;

/**
 * Registers {@link FdLeakExtension} for every test through JUnit's extension auto-detection
 * (META-INF/services/org.junit.jupiter.api.extension.Extension).
 *
 * <p>Why a class in the unnamed package: Surefire patches the test classes into the module
 * org.dial4j, and {@link java.util.ServiceLoader} ignores META-INF/services entries naming a class
 * of a named module (such a module must declare {@code provides}, which a patch cannot add). A
 * class in the unnamed package cannot belong to a named module, so this one is loaded from the test
 * class path into the unnamed module, where the service entry counts. It works the same if the
 * tests ever run on the plain class path.
 */
@SuppressWarnings("DefaultPackage") // the unnamed package: see the Javadoc above
public final class FdLeakExtensionProvider extends FdLeakExtension {
  /** Creates the extension; the ServiceLoader does. */
  public FdLeakExtensionProvider() {}
}
