package io.yunwei.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import tools.jackson.databind.json.JsonMapper;

/**
 * A manifest read into the Kubernetes API's own object model (the fabric8 model, generated from the API's OpenAPI
 * schema), offline: a kind or API version the model does not know, a field it does not have (a typo such as
 * {@code readinesProbe}, a field at the wrong level) and a value of the wrong type are each a problem.
 */
final class ManifestModel {

    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "batch/v1/Job", Job.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ManifestModel() {
    }

    /** What the model finds wrong with one manifest; empty when it reads as the API defines it. */
    static List<String> problems(Map<String, Object> manifest) {
        String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
        Class<?> model = KINDS.get(type);
        if (model == null) {
            return List.of(type + ": not a kind these manifests are checked for (" + KINDS.keySet() + ")");
        }
        Object read;
        try {
            read = JSON.convertValue(manifest, model);
        } catch (RuntimeException e) {
            return List.of(type + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(read, type, problems);
        return problems;
    }

    /** Fields the model has no place for are kept in each object's additional properties. */
    private static void unknownFields(Object node, String path, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, problems));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": no such field " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + uncapitalized(getter.getName().substring(3)), problems);
            }
        }
    }

    private static String uncapitalized(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
