package io.argus.models;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The models a job is submitted with (the cameras file, or {@code argus.model.*} for every camera),
 * versions resolved: the book every model control and router starts from before the control topic's commands.
 */
public record StartingModels(List<ModelDefinition> models, Map<String, List<String>> cameraModels, Map<String, List<String>> cameraLabels)
        implements Serializable {

    public StartingModels {
        models = List.copyOf(models);
        cameraModels = Map.copyOf(cameraModels);
        cameraLabels = Map.copyOf(cameraLabels);
    }

    public ModelBook book() {
        return new ModelBook(models, cameraModels, cameraLabels);
    }
}
