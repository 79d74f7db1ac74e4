package io.headstream.inference;

import java.util.List;
import java.util.Map;

/**
 * One head as a bundle's manifest declares it: its name, its kind (which decoder reads it), the
 * graph outputs it owns by role, and for a tagging head its label order.
 *
 * @param name head name, e.g. {@code answer}
 * @param kind {@link #SPAN}, {@link #SALIENCE} or {@link #TAGGING}
 * @param outputs graph output name by role ({@code start_logits} to {@code answer_start_logits}, ...)
 * @param labels tag labels in logit order (tagging heads only)
 */
public record HeadSpec(String name, String kind, Map<String, String> outputs, List<String> labels) {

    public static final String SPAN = "span";
    public static final String SALIENCE = "sentence_salience";
    public static final String TAGGING = "span_tagging";

    public HeadSpec {
        outputs = Map.copyOf(outputs);
        labels = List.copyOf(labels);
    }

    /** Roles each kind must declare. */
    static List<String> requiredRoles(String kind) {
        return switch (kind) {
            case SPAN -> List.of("start_logits", "end_logits", "null_logit");
            case SALIENCE -> List.of("token_logits");
            case TAGGING -> List.of("tag_logits");
            default -> List.of();
        };
    }

    /** The graph output playing {@code role}. */
    public String output(String role) {
        String name = outputs.get(role);
        if (name == null) {
            throw new IllegalStateException("head " + this.name + " has no output for role " + role);
        }
        return name;
    }

    /** Index of a tag label in the logit vector, or -1. */
    public int labelIndex(String label) {
        return labels.indexOf(label);
    }

    /** What is wrong with this declaration, or null. */
    String problem() {
        for (String role : requiredRoles(kind)) {
            if (!outputs.containsKey(role)) {
                return "head \"" + name + "\" of kind " + kind + " declares no \"" + role + "\" output";
            }
        }
        if (TAGGING.equals(kind)) {
            for (String label : List.of("O", "B", "I")) {
                if (!labels.contains(label)) {
                    return "head \"" + name + "\" of kind " + kind + " must list labels O, B and I, has " + labels;
                }
            }
        }
        return null;
    }
}
