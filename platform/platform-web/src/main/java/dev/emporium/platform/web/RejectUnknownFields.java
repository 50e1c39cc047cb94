package dev.emporium.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request body type whose unknown JSON fields are a 400 validation problem naming each of them, instead of
 * being ignored (Jackson 3's default, kept for every other type so that older and newer clients keep working). For
 * bodies where a misspelt field would otherwise silently change nothing, such as a {@code PATCH} of optional fields.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RejectUnknownFields {
}
