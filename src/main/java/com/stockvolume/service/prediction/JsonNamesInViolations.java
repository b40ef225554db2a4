package com.stockvolume.service.prediction;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Violation paths in the names a client sent ({@code instances[3].vol_moving_avg}), not the Java
 * names ({@code volMovingAvg}), so every error points at the field in the request.
 */
@ApplicationScoped
public class JsonNamesInViolations implements ValidatorFactoryCustomizer {

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.propertyNodeNameProvider(new JsonPropertyNames());
    }

    static final class JsonPropertyNames implements PropertyNodeNameProvider {
        @Override
        public String getName(Property property) {
            if (property instanceof JavaBeanProperty bean) {
                try {
                    JsonProperty json = bean.getDeclaringClass().getDeclaredField(bean.getName())
                            .getAnnotation(JsonProperty.class);
                    if (json != null && !json.value().isEmpty()) {
                        return json.value();
                    }
                } catch (NoSuchFieldException e) {
                    // a getter without a field: keep the Java name
                }
            }
            return property.getName();
        }
    }
}
