package dev.tollgate.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * tollgate-bom and the dependency-check application have no parent (an application imports the
 * one and is built like the other), so they repeat some of the root pom's versions: they must
 * be the root's.
 */
class BuildAlignmentTest {

  private static final Path ROOT = Path.of(System.getProperty("tollgate.root", ".."));

  @Test
  void theBomManagesTheOkHttpKotlinAndJacksonTheBuildUses() throws Exception {
    Map<String, String> root = properties(ROOT.resolve("pom.xml"));
    Map<String, String> bom = properties(ROOT.resolve("bom/pom.xml"));

    assertThat(bom).containsEntry("okhttp.version", root.get("okhttp.version"))
        .containsEntry("kotlin.version", root.get("kotlin.version"))
        .containsEntry("jackson.version", root.get("jackson.version"));
  }

  @Test
  void theDependencyCheckUsesTheBuildsOpenAiJavaAndPlugins() throws Exception {
    Map<String, String> root = properties(ROOT.resolve("pom.xml"));
    Map<String, String> check = properties(ROOT.resolve("dependency-check/pom.xml"));

    for (String name : new String[] {"openai-java.version", "compiler-plugin.version", "enforcer-plugin.version"}) {
      assertThat(check).as(name).containsEntry(name, root.get(name));
    }
  }

  private static Map<String, String> properties(Path pom) throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    Map<String, String> properties = new TreeMap<>();
    NodeList sections = project.getElementsByTagName("properties");
    for (int s = 0; s < sections.getLength(); s++) {
      if (sections.item(s).getParentNode() != project) {
        continue;
      }
      NodeList entries = sections.item(s).getChildNodes();
      for (int i = 0; i < entries.getLength(); i++) {
        Node entry = entries.item(i);
        if (entry.getNodeType() == Node.ELEMENT_NODE) {
          properties.put(entry.getNodeName(), entry.getTextContent().trim());
        }
      }
    }
    return properties;
  }
}
