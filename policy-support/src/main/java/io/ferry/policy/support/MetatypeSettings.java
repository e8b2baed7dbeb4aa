package io.ferry.policy.support;

import io.ferry.api.spi.SettingDescription;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads a plugin's settings from the metatype document bnd generates from its {@code @ObjectClassDefinition}
 * ({@code OSGI-INF/metatype/<ocd id>.xml}, one {@code <AD id type default description min max>} per attribute),
 * so that a plugin factory's {@link SettingDescription}s and the Karaf configuration come from one source. Uses
 * the JDK's XML parser with doctype declarations refused. Cost: one parse of a few-KB resource per call; callers
 * keep the result.
 */
public final class MetatypeSettings {

    private final String description;
    private final List<SettingDescription> settings;

    private MetatypeSettings(String description, List<SettingDescription> settings) {
        this.description = description;
        this.settings = settings;
    }

    /** @return the {@code @ObjectClassDefinition}'s description: what the plugin decides */
    public String description() {
        return description;
    }

    /** @return the attributes in declaration order */
    public List<SettingDescription> settings() {
        return settings;
    }

    /**
     * @param owner a class of the plugin's jar or bundle (its class loader finds the document)
     * @param ocdId the id of the {@code @ObjectClassDefinition}: by default the configuration interface's fully
     *              qualified name
     * @return the definition's description and attributes
     * @throws IllegalStateException when the document is missing or malformed: a build defect, not a user error
     */
    public static MetatypeSettings read(Class<?> owner, String ocdId) {
        String resource = "OSGI-INF/metatype/" + ocdId + ".xml";
        ClassLoader loader = owner.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing beside " + owner.getName()
                        + ": bnd generates it from the @ObjectClassDefinition");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            org.w3c.dom.Document document = factory.newDocumentBuilder().parse(in);
            NodeList ocds = document.getElementsByTagName("OCD");
            String description = ocds.getLength() == 0 ? "" : ((Element) ocds.item(0)).getAttribute("description");
            NodeList ads = document.getElementsByTagName("AD");
            List<SettingDescription> settings = new ArrayList<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                settings.add(new SettingDescription(ad.getAttribute("id"), ad.getAttribute("type"),
                        ad.getAttribute("default"), ad.getAttribute("description"), optional(ad, "min"),
                        optional(ad, "max")));
            }
            return new MetatypeSettings(description, List.copyOf(settings));
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> optional(Element ad, String attribute) {
        return ad.hasAttribute(attribute) ? Optional.of(ad.getAttribute(attribute)) : Optional.empty();
    }
}
