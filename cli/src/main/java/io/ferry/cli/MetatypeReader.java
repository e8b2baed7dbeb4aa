package io.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the attribute definitions ({@code <AD id type default description>}) of a metatype document that bnd
 * generated into a policy bundle from its {@code @ObjectClassDefinition}, so that the command line knows each
 * policy's configuration keys, types and defaults without reaching into the bundle's private classes. Uses the
 * JDK's XML parser with external entities disabled. Cost: one parse of a few-KB resource.
 */
final class MetatypeReader {

    private MetatypeReader() {
    }

    /**
     * @param policy   the policy's name, recorded in each setting
     * @param loader   the class loader of the policy's jar
     * @param resource the metatype document, e.g. {@code OSGI-INF/metatype/<ocd>.xml}
     * @return the attributes in document order
     * @throws IllegalStateException when the document is missing or malformed (a build defect, not a user error)
     */
    static List<PolicySetting> read(String policy, ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the " + policy + " policy's jar: "
                        + "bnd generates it from the policy's @ObjectClassDefinition");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            NodeList ads = factory.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            List<PolicySetting> settings = new ArrayList<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                settings.add(new PolicySetting(policy, ad.getAttribute("id"), ad.getAttribute("type"),
                        ad.getAttribute("default"), ad.getAttribute("description")));
            }
            return List.copyOf(settings);
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
