package org.fleetmesh.rp.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetmesh.rp.azure.AzureSettings;
import org.fleetmesh.rp.mesh.MeshSettings;
import org.fleetmesh.rp.mesh.pki.KeyEncryptionSettings;
import org.fleetmesh.rp.operation.OperationSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The settings bind from application.yaml alone, and Spring Boot refuses to start on a wrong value, naming it. */
class ValidatedSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({MeshSettings.class, OperationSettings.class, AzureSettings.class,
            KeyEncryptionSettings.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Settings.class);

    @Test
    void applicationYamlAloneGivesEveryDefault() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(MeshSettings.class).parallelism()).isEqualTo(32);
            assertThat(started.getBean(AzureSettings.class).credential()).isEqualTo(AzureSettings.Credential.WORKLOAD_IDENTITY);
            assertThat(started.getBean(KeyEncryptionSettings.class).ephemeralKeyEncryptionKey()).isFalse();
        });
    }

    @Test
    void theLocalProfileAllowsAnEphemeralKeyEncryptionKey() {
        context.withPropertyValues("spring.profiles.active=local").run(started ->
                assertThat(started.getBean(KeyEncryptionSettings.class).ephemeralKeyEncryptionKey()).isTrue());
    }

    @Test
    void aWrongValueStopsTheStartNamingTheProperty() {
        context.withPropertyValues("fleetmesh.mesh.parallelism=0", "fleetmesh.mesh.apiserver-image=quay.io/cilium/x:v1")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause().message()
                            .contains("parallelism").contains("must be at least 1")
                            .contains("apiserverImage").contains("without tag");
                });
    }

    @Test
    void eachRecordReportsItsOwnFields() {
        context.withPropertyValues("fleetmesh.operations.retry-cap=0s").run(started ->
                assertThat(started.getStartupFailure()).rootCause().message().contains("retryCap").contains("positive"));
        context.withPropertyValues("fleetmesh.operations.retry-cap=500ms").run(started ->
                assertThat(started.getStartupFailure()).rootCause().message().contains("retryCap")
                        .contains("must not be shorter than retry-base"));
        context.withPropertyValues("fleetmesh.azure.credential=client-secret").run(started ->
                assertThat(started.getStartupFailure()).rootCause().message().contains("clientSecret")
                        .contains("must be set with credential client-secret"));
        context.withPropertyValues("fleetmesh.azure.credential=kerberos").run(started ->
                assertThat(started).hasFailed());
    }
}
