package org.medmoe.app.config;

/** Renders the configuration reference ({@code docs/configuration.md}) from {@link ConfigKeys}. */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("Generated from the code (`ConfigKeys`); `ConfigDocsTest` keeps this file in sync.\n\n")
                .append("Values come from, in increasing precedence: the defaults below, the YAML file given with\n")
                .append("`--config FILE` (nested or dotted keys), environment variables (`MEDMOE_` + the key in upper case,\n")
                .append("dots and dashes as underscores), and `--set KEY=VALUE`. Unknown keys are errors. Any Kafka client\n")
                .append("property can be passed through as `kafka.client.<property>` (environment:\n")
                .append("`MEDMOE_KAFKA_CLIENT_<PROPERTY>`).\n\n")
                .append("Secrets (marked below, and pass-through properties whose name says password, secret, token or\n")
                .append("jaas) come only from the environment: `MEDMOE_<KEY>` holds the value, or `MEDMOE_<KEY>_FILE` names a\n")
                .append("file that holds it (a Docker or Kubernetes secret; trailing line breaks are removed). Setting both\n")
                .append("is an error. A secret in the configuration file is refused at start-up with an error that names the\n")
                .append("key, and so is `--set` of a secret, because command lines are visible to every user of the host\n")
                .append("(`ps`). Secrets are never printed or logged: `medmoe config` and the start-up log show `******`.\n\n")
                .append("Every value is checked when the configuration is loaded, before anything starts: its type, then\n")
                .append("what the key accepts (the column below). A wrong value stops the command with one line that names\n")
                .append("the key, the value and where it came from, e.g. `model.batch.max = '0' (from command line) is not\n")
                .append("valid: expected at least 1`. So does an unknown key, and a `MEDMOE_*` environment variable that\n")
                .append("sets no key (except `MEDMOE_JAVA_OPTS` and `MEDMOE_MODEL_PATH`, read by the launcher and by\n")
                .append("Docker Compose).\n\n")
                .append("| key | default | accepts | environment variable | description |\n")
                .append("|---|---|---|---|---|\n");
        for (ConfigKey key : ConfigKeys.ALL) {
            String def = key.defaultValue() == null ? "" : "`" + key.defaultValue() + "`";
            if (key.name().equals(ConfigKeys.INTAKE_MODALITIES.name())) {
                def = "DICOM defined terms";
            }
            out.append("| `").append(key.name()).append("` | ").append(def).append(" | ")
                    .append(key.validator().expected()).append(" | `")
                    .append(key.environmentVariable()).append("` | ").append(key.doc())
                    .append(key.secret() ? " (secret)" : "").append(" |\n");
        }
        out.append("\n## Trusted DICOMweb endpoints\n\n")
                .append("For each name listed in `dicomweb.endpoints` (lower-case letters, digits and dashes), these keys\n")
                .append("describe that endpoint; `<name>` stands for the name (`<NAME>` upper-cased, dashes as underscores,\n")
                .append("in the environment variable). Credentials and the truststore go to that endpoint only.\n\n")
                .append("| key | default | environment variable | description |\n")
                .append("|---|---|---|---|\n");
        for (ConfigKey key : EndpointKeys.documented()) {
            String def = key.defaultValue() == null ? "" : "`" + key.defaultValue() + "`";
            out.append("| `").append(key.name()).append("` | ").append(def).append(" | `")
                    .append(key.environmentVariable()).append("` | ").append(key.doc())
                    .append(key.secret() ? " (secret)" : "").append(" |\n");
        }
        return out.toString();
    }
}
