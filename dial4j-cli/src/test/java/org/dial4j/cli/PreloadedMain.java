package org.dial4j.cli;

import java.io.IOException;
import java.lang.module.ModuleReader;
import java.util.List;

/**
 * {@link Main} in a child JVM that will run out of descriptors ({@link StormHoldLimitTest}): every
 * class of dial4j's two modules is loaded first. The tests run the modules exploded (directories of
 * class files), where loading a class opens its file, which at EMFILE fails; from the jars the
 * launcher uses, the jar is open already. (The core's tests do the same: {@code ClassPreload}.)
 */
final class PreloadedMain {
  private PreloadedMain() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    for (String name : List.of("org.dial4j", "org.dial4j.cli")) {
      Module m = ModuleLayer.boot().findModule(name).orElseThrow();
      try (ModuleReader r =
          ModuleLayer.boot().configuration().findModule(name).orElseThrow().reference().open()) {
        for (String entry : r.list().toList()) {
          if (entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
            String cls = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            Class.forName(cls, false, m.getClassLoader());
          }
        }
      }
    }
    Main.main(args);
  }
}
