package io.recsys.core.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A {@code @ConfigMapping} interface answering by method name, for unit tests outside Quarkus. A
 * proxy, not an anonymous class: Quarkus' CDI scan of the test classes would take an implementing
 * class's inherited validation annotations for interceptor bindings and fail the build.
 */
public final class ConfigProxy {
    private ConfigProxy() {}

    /** {@code values}: method name → what it returns; any other method fails the test, named. */
    public static <T> T of(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + values;
            }
            throw new AssertionError(type.getSimpleName() + "." + m.getName() + "() has no value in this test");
        }));
    }
}
