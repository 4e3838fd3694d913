package io.argus.serve;

import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from the filters a request gave, with its parameters in order. */
final class Where {
    private final List<String> conditions = new ArrayList<>();
    final List<Object> params = new ArrayList<>();

    /** Adds {@code condition} (with one {@code ?} per value) when {@code value} is given. */
    Where add(String condition, Object value) {
        if (value != null) {
            conditions.add(condition);
            for (int i = 0; i < condition.chars().filter(ch -> ch == '?').count(); i++) params.add(value);
        }
        return this;
    }

    @Override
    public String toString() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
