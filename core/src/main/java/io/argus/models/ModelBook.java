package io.argus.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which models exist, where each runs and in what role: the starting configuration (the cameras file,
 * or one model for every camera) with the control topic's commands applied in order. Pure and
 * deterministic: every copy that applies the same commands reaches the same book, which is how the
 * job's parallel routers agree without talking to each other.
 */
public final class ModelBook {
    /** The assignment of cameras that have none of their own (only when the job has no cameras file). */
    public static final String ANY_CAMERA = "*";

    /** One model and its status; times are the control commands' times (epoch ms, 0: never). */
    public static final class Model {
        public final ModelDefinition definition;
        public ModelStatus status;
        public long activatedAt;
        public long retiredAt;

        Model(ModelDefinition definition, ModelStatus status) {
            this.definition = definition;
            this.status = status;
        }
    }

    /** What one camera runs: its active models, in order; its shadows (shadow id to the active id it is compared with); its labels. */
    private static final class Assignment {
        final List<String> active;
        final Map<String, String> shadows = new LinkedHashMap<>();
        List<String> labels;

        Assignment(List<String> active, List<String> labels) {
            this.active = new ArrayList<>(active);
            this.labels = labels == null ? List.of() : List.copyOf(labels);
        }
    }

    /** A status change a command made: for the {@code models} table. */
    public record Change(ModelDefinition model, ModelStatus status, long activatedAt, long retiredAt) {}

    private final Map<String, Model> models = new LinkedHashMap<>();
    private final Map<String, Assignment> cameras = new TreeMap<>();
    private final boolean anyCamera;

    /**
     * @param models the starting models, all active
     * @param cameraModels each camera's model ids (with {@link #ANY_CAMERA}: the models of every camera without an entry)
     * @param cameraLabels each camera's kept labels (absent or empty: all)
     */
    public ModelBook(List<ModelDefinition> models, Map<String, List<String>> cameraModels, Map<String, List<String>> cameraLabels) {
        for (ModelDefinition m : models) this.models.put(m.id(), new Model(m, ModelStatus.AVAILABLE));
        cameraModels.forEach((cam, ids) -> {
            for (String id : ids) if (!this.models.containsKey(id)) throw new IllegalArgumentException("camera " + cam + ": unknown model " + id);
            cameras.put(cam, new Assignment(ids, cameraLabels.get(cam)));
        });
        this.anyCamera = cameraModels.containsKey(ANY_CAMERA);
        recompute(0);
    }

    /**
     * Applies a command at time {@code at}. An ADD must have been checked (its model loads) by the caller.
     * @return the status changes it made (empty: nothing changed, e.g. the same command again)
     * @throws IllegalArgumentException the command is refused, with the reason; the book is unchanged
     */
    public List<Change> apply(ModelCommand c, long at) {
        switch (c.kind()) {
            case ADD -> {
                Model m = models.get(c.model().id());
                if (m != null && m.status != ModelStatus.FAILED) {
                    if (m.definition.equals(c.model())) return List.of();
                    throw new IllegalArgumentException("model " + c.model().id() + " already exists with other settings: add it under a new version");
                }
                models.put(c.model().id(), new Model(c.model(), ModelStatus.AVAILABLE));
                return List.of(new Change(c.model(), ModelStatus.AVAILABLE, 0, 0));
            }
            case ASSIGN -> {
                String cam = c.cameras().get(0);
                if (!anyCamera && !cameras.containsKey(cam)) throw new IllegalArgumentException("camera " + cam + " is not in the cameras file");
                for (String id : c.models()) usable(id);
                Assignment a = cameras.get(cam);
                Assignment before = assignment(cam);
                Assignment next = new Assignment(c.models(), c.labels() != null ? c.labels() : before == null ? null : before.labels);
                if (a != null) a.shadows.forEach((s, r) -> {
                    if (next.active.contains(r) && !next.active.contains(s)) next.shadows.put(s, r);
                });
                cameras.put(cam, next);
            }
            case SHADOW -> {
                usable(c.modelId());
                usable(c.replaces());
                List<String> cams = new ArrayList<>();
                if (c.cameras().isEmpty()) {
                    cameras.forEach((cam, a) -> {
                        if (a.active.contains(c.replaces())) cams.add(cam);
                    });
                    if (cams.isEmpty()) throw new IllegalArgumentException("no camera runs " + c.replaces() + " as an active model");
                } else {
                    for (String cam : c.cameras()) {
                        Assignment a = own(cam);
                        if (!a.active.contains(c.replaces())) throw new IllegalArgumentException("camera " + cam + " does not run " + c.replaces());
                        cams.add(cam);
                    }
                }
                for (String cam : cams) {
                    if (own(cam).active.contains(c.modelId())) throw new IllegalArgumentException("camera " + cam + " already runs " + c.modelId() + " as an active model");
                }
                for (String cam : cams) own(cam).shadows.put(c.modelId(), c.replaces());
            }
            case PROMOTE -> {
                requireKnown(c.modelId());
                boolean any = false;
                for (Assignment a : cameras.values()) {
                    String old = a.shadows.remove(c.modelId());
                    if (old == null) continue;
                    any = true;
                    int i = a.active.indexOf(old);
                    a.active.set(i, c.modelId());
                    a.shadows.values().removeIf(old::equals); // other shadows compared with the old one have nothing to compare with
                }
                if (!any) throw new IllegalArgumentException("model " + c.modelId() + " is not a shadow anywhere: shadow it first");
            }
            case RETIRE -> {
                requireKnown(c.modelId());
                for (Map.Entry<String, Assignment> e : cameras.entrySet()) {
                    List<String> left = new ArrayList<>(e.getValue().active);
                    left.remove(c.modelId());
                    if (left.isEmpty()) {
                        throw new IllegalArgumentException("camera " + e.getKey() + " runs only " + c.modelId() + ": assign or promote another model first");
                    }
                }
                for (Assignment a : cameras.values()) {
                    a.active.remove(c.modelId());
                    a.shadows.remove(c.modelId());
                }
                Model m = models.get(c.modelId());
                if (m.status == ModelStatus.AVAILABLE) {
                    m.status = ModelStatus.RETIRED;
                    m.retiredAt = at;
                    return List.of(new Change(m.definition, m.status, m.activatedAt, m.retiredAt));
                }
            }
        }
        return recompute(at);
    }

    /** Records a model that failed to load: it stays out of every camera's plan. */
    public Change failed(ModelDefinition m) {
        Model prior = models.get(m.id());
        if (prior != null && prior.status != ModelStatus.FAILED) throw new IllegalArgumentException("model " + m.id() + " already exists");
        models.put(m.id(), new Model(m, ModelStatus.FAILED));
        return new Change(m, ModelStatus.FAILED, 0, 0);
    }

    /**
     * The models a camera's frames go to: its active models first (in order), then its shadows.
     * Empty for a camera the book does not know.
     */
    public List<ModelUse> plan(String camera) {
        Assignment a = assignment(camera);
        if (a == null) return List.of();
        List<ModelUse> out = new ArrayList<>();
        int copies = a.active.size() + a.shadows.size();
        boolean shadowed = !a.shadows.isEmpty();
        for (String id : a.active) out.add(new ModelUse(models.get(id).definition, ModelRole.ACTIVE, null, out.size(), copies, a.labels, false, shadowed));
        a.shadows.forEach((s, r) -> out.add(new ModelUse(models.get(s).definition, ModelRole.SHADOW, r, out.size(), copies, a.labels, false, shadowed)));
        return out;
    }

    public Map<String, Model> models() {
        return java.util.Collections.unmodifiableMap(models);
    }

    public Model model(String id) {
        return models.get(id);
    }

    private Assignment assignment(String camera) {
        Assignment a = cameras.get(camera);
        return a != null ? a : cameras.get(ANY_CAMERA);
    }

    /** The camera's own assignment, copied from the any-camera one on first change. */
    private Assignment own(String camera) {
        Assignment a = cameras.get(camera);
        if (a != null) return a;
        if (!anyCamera) throw new IllegalArgumentException("camera " + camera + " is not in the cameras file");
        Assignment any = cameras.get(ANY_CAMERA);
        a = new Assignment(any.active, any.labels);
        a.shadows.putAll(any.shadows);
        cameras.put(camera, a);
        return a;
    }

    private void requireKnown(String id) {
        if (!models.containsKey(id)) throw new IllegalArgumentException("unknown model " + id + " (add it first; known: " + models.keySet() + ")");
    }

    private void usable(String id) {
        requireKnown(id);
        if (models.get(id).status == ModelStatus.FAILED) throw new IllegalArgumentException("model " + id + " failed to load: add it again once fixed");
    }

    /** Each model's status from where it runs now; the changes, in model order. */
    private List<Change> recompute(long at) {
        Set<String> active = new LinkedHashSet<>(), shadow = new LinkedHashSet<>();
        for (Assignment a : cameras.values()) {
            active.addAll(a.active);
            shadow.addAll(a.shadows.keySet());
        }
        List<Change> changes = new ArrayList<>();
        for (Model m : models.values()) {
            if (m.status == ModelStatus.FAILED) continue;
            ModelStatus next = active.contains(m.definition.id()) ? ModelStatus.ACTIVE : shadow.contains(m.definition.id()) ? ModelStatus.SHADOW
                    : m.status == ModelStatus.AVAILABLE ? ModelStatus.AVAILABLE : ModelStatus.RETIRED;
            if (next == m.status) continue;
            if (next == ModelStatus.ACTIVE) m.activatedAt = at;
            if (next == ModelStatus.RETIRED) m.retiredAt = at;
            m.status = next;
            changes.add(new Change(m.definition, m.status, m.activatedAt, m.retiredAt));
        }
        return changes;
    }
}
