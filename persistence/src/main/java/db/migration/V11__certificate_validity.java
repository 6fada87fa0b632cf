package db.migration;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Each stored mesh certificate's validity as columns, so that renewal finds what is due, and a member shows when its
 * certificates expire, without parsing certificates. The rows stored before are filled from their certificates here,
 * which SQL alone cannot read; {@code fleet_members.mesh_certificates_not_after} is the earliest expiry of the member's
 * certificates.
 */
public class V11__certificate_validity extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException, CertificateException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table mesh_member_certificates add column not_before timestamptz, "
                    + "add column not_after timestamptz");
            statement.execute("alter table mesh_certificate_authorities add column not_before timestamptz, "
                    + "add column not_after timestamptz");
            statement.execute("alter table fleet_members add column mesh_certificates_not_after timestamptz");
        }
        fillValidity(connection, "mesh_member_certificates", "member_id::text || '/' || kind",
                "member_id::text || '/' || kind = ?");
        fillValidity(connection, "mesh_certificate_authorities", "profile_id::text", "profile_id::text = ?");
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"mesh_member_certificates", "mesh_certificate_authorities"}) {
                statement.execute("alter table " + table + " alter column not_before set not null, "
                        + "alter column not_after set not null");
            }
            statement.execute("update fleet_members m set mesh_certificates_not_after = (select min(c.not_after) from "
                    + "mesh_member_certificates c where c.member_id = m.id)");
            statement.execute("create index mesh_member_certificates_not_after on mesh_member_certificates (not_after)");
        }
    }

    private static void fillValidity(Connection connection, String table, String rowKey, String whereRowKey)
            throws SQLException, CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("select " + rowKey + ", certificate from " + table);
                PreparedStatement update = connection.prepareStatement(
                        "update " + table + " set not_before = ?, not_after = ? where " + whereRowKey)) {
            while (rows.next()) {
                X509Certificate certificate = (X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(rows.getString(2).getBytes(StandardCharsets.US_ASCII)));
                update.setTimestamp(1, new Timestamp(certificate.getNotBefore().getTime()));
                update.setTimestamp(2, new Timestamp(certificate.getNotAfter().getTime()));
                update.setString(3, rows.getString(1));
                update.executeUpdate();
            }
        }
    }
}
