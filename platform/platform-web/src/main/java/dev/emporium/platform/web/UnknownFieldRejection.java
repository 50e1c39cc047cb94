package dev.emporium.platform.web;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Fails the reading of a {@link RejectUnknownFields} type at its first unknown field; every other type ignores
 * unknown fields as the mapper is configured to. {@link ProblemDetailsExceptionHandler} turns the failure into a
 * validation problem.
 */
final class UnknownFieldRejection extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws JacksonException {
        Class<?> type = beanOrClass instanceof Class<?> named ? named : beanOrClass.getClass();
        if (type.isAnnotationPresent(RejectUnknownFields.class)) {
            throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
                    List.copyOf(deserializer.getKnownPropertyNames()));
        }
        return false;
    }
}
