package io.ferry.shell.internal.completers;

import io.ferry.controller.PluginKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes the names of the installed predictors ({@code predictor.name}), and {@value #NONE}, which selects
 * no predictor.
 */
@Service
public class PredictorNameCompleter extends PluginNameCompleter {

    /** The word that selects no predictor. */
    public static final String NONE = "none";

    public PredictorNameCompleter() {
        super(PluginKind.PREDICTOR);
    }

    @Override
    List<String> candidates() {
        List<String> names = new ArrayList<>(super.candidates());
        names.add(NONE);
        return names;
    }
}
