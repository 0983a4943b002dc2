package dev.optimizer.compress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The argument is a frame and the method receives its original bytes: on a {@code byte[]} parameter the
 * decompressed bytes; on a {@code String} parameter the Base64 text produced by {@link Compress} on a
 * {@code String} method is decoded, decompressed and passed as UTF-8 text. A null argument stays null; a
 * corrupt one makes the call fail with {@link CorruptDataException} before the target runs. Any other
 * parameter type is rejected when the proxy is made.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Decompress {}
