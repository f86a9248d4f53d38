package dev.herald.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The objects {@code helm template} makes of {@code helm/herald} with some values, parsed. */
final class RenderedChart {
    static final String RELEASE = "hub";

    private final List<Map<String, Object>> objects;

    private RenderedChart(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** The chart directory, found above the working directory (Maven runs tests in hub/). */
    static Path chartDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("helm/herald/Chart.yaml");
            if (Files.exists(candidate)) {
                return candidate.getParent();
            }
        }
        throw new AssertionError("helm/herald not found above " + Path.of("").toAbsolutePath());
    }

    /** Renders with values given as {@code --set} pairs; Helm's error (a {@code fail}) is thrown as is. */
    @SuppressWarnings("unchecked")
    static RenderedChart render(Map<String, Object> values) {
        TemplateCommand template = new Helm(chartDir()).template().withName(RELEASE).withNamespace("herald");
        values.forEach(template::set);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(template.call())) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return new RenderedChart(objects);
    }

    /** The one object of this kind; fails when there is none or several. */
    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " objects of kind " + kind + " rendered, expected 1");
        }
        return found.get(0);
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    boolean has(String kind) {
        return !all(kind).isEmpty();
    }

    Map<String, Object> container() {
        List<Map<String, Object>> containers = list(path(one("Deployment"), "spec", "template", "spec", "containers"));
        return containers.get(0);
    }

    /**
     * The container's environment as the process would see it: plain values, and values taken
     * from the rendered Secrets (a reference to a Secret the chart does not render is left out).
     */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> variable : list(container().get("env"))) {
            String name = (String) variable.get("name");
            if (variable.containsKey("value")) {
                environment.put(name, String.valueOf(variable.get("value")));
                continue;
            }
            Map<String, Object> ref = map(path(variable, "valueFrom", "secretKeyRef"));
            String value = secretValue((String) ref.get("name"), (String) ref.get("key"));
            if (value != null) {
                environment.put(name, value);
            }
        }
        return environment;
    }

    private String secretValue(String secretName, String key) {
        for (Map<String, Object> secret : all("Secret")) {
            if (secretName.equals(path(secret, "metadata", "name"))) {
                Object encoded = map(secret.get("data")).get(key);
                return encoded == null ? null
                        : new String(Base64.getDecoder().decode((String) encoded), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static Object path(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (current == null) {
                throw new AssertionError("no " + String.join(".", keys));
            }
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
