package io.argus.job;

import io.argus.config.CameraSpec;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.models.ModelBook;
import io.argus.models.ModelDefinition;
import io.argus.models.StartingModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The models a job is submitted with, from its configuration, each version read from its model file. */
final class StartingModelsOf {
    private StartingModelsOf() {}

    static StartingModels resolve(ArgusJobConfig cfg) {
        List<ModelDefinition> models = new ArrayList<>();
        Map<String, String> idByName = new HashMap<>();
        for (InferenceOptions m : cfg.models()) {
            ModelDefinition d = m.definition(version(m));
            models.add(d);
            idByName.put(m.modelName(), d.id());
        }
        Map<String, List<String>> cameraModels = new HashMap<>();
        Map<String, List<String>> cameraLabels = new HashMap<>();
        if (cfg.cameras() == null) {
            cameraModels.put(ModelBook.ANY_CAMERA, List.of(models.get(0).id()));
        } else {
            for (CameraSpec c : cfg.cameras().cameras()) {
                cameraModels.put(c.id(), c.models().stream().map(idByName::get).toList());
                if (!c.labels().isEmpty()) cameraLabels.put(c.id(), c.labels());
            }
        }
        return new StartingModels(models, cameraModels, cameraLabels);
    }

    /** The version the options name, else the model file's (a session this JVM holds already costs nothing more). */
    private static String version(InferenceOptions m) {
        if (m.modelVersion() != null) return m.modelVersion();
        OnnxDetector d = SharedDetectors.acquire(m);
        try {
            return d.version();
        } finally {
            SharedDetectors.release(d);
        }
    }
}
