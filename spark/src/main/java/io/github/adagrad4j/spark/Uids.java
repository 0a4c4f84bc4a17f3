package io.github.adagrad4j.spark;

/**
 * Hands a Spark ML stage its uid before Spark's base-class constructors run. Those constructors
 * create the inherited params ({@code featuresCol} ...) with {@code uid()} as their parent; a
 * Scala class has its uid by then, a Java subclass's field is still null. The subclass's
 * constructor stashes the uid here ({@code this(uid, Uids.stash(uid))}) and {@code uid()} reads it
 * until the field is set.
 */
final class Uids {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uids() {
    }

    static Void stash(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("uid must be non-blank, got '" + uid + "'");
        }
        PENDING.set(uid);
        return null;
    }

    /** The stage's uid: its field once set, the stashed one while its base classes are constructed. */
    static String of(String field) {
        return field != null ? field : PENDING.get();
    }

    static void clear() {
        PENDING.remove();
    }
}
