package org.dial4j.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A minimal {@link ExtensionContext} for driving a test-suite extension by hand (the leak and
 * blocking-call checks test themselves this way): a store, a display name and the test method;
 * everything else is unsupported.
 */
final class HandDrivenContext {
  private HandDrivenContext() {}

  static ExtensionContext of(Method testMethod) {
    Map<Object, Object> values = new HashMap<>();
    ExtensionContext.Store store =
        (ExtensionContext.Store)
            Proxy.newProxyInstance(
                HandDrivenContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.Store.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "put" -> values.put(args[0], args[1]);
                      case "get" -> values.get(args[0]);
                      case "remove" -> values.remove(args[0]);
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (ExtensionContext)
        Proxy.newProxyInstance(
            HandDrivenContext.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getStore" -> store;
                  case "getDisplayName" -> testMethod.getName() + "()";
                  case "getTestMethod" -> Optional.of(testMethod);
                  case "getTestClass" -> Optional.of(testMethod.getDeclaringClass());
                  case "getParent" -> Optional.empty();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
