package dev.tollgate.collector.reports;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The fixed lookups of reports; the reports' own SELECTs are composed per request ({@link ReportSql}). */
interface ReportsDao {

  /** Internal ids of the clients named by public id or by internal id; unknown ones drop out. */
  @SqlQuery("SELECT id FROM clients WHERE client_id = ANY(:publicIds) OR id = ANY(:ids) ORDER BY id")
  List<UUID> clientIds(@Bind("publicIds") String[] publicIds, @Bind("ids") UUID[] ids);
}
