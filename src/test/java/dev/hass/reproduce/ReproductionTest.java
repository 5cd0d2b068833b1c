package dev.hass.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Experiment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReproductionTest {
    @Test
    void tableTwoSearchesTheFrontWithThePlansSizes() {
        Plan full = Plan.full();
        Experiment e = Reproduction.derive(Path.of("experiments", "vgg_small-zcu102.json"), "vgg_small", "zcu102", full);
        assertEquals("vgg_small-zcu102-full", e.name());
        assertEquals(Experiment.Search.FRONT, e.search().goal(), "table 2 ranks the accuracy × throughput front (docs/search.md)");
        assertEquals("all", e.search().algorithm());
        assertEquals(full.evaluations(), e.search().evaluations());
        assertEquals(full.populationSize(), e.search().populationSize());
        assertEquals("best", e.oracle().finalists());
        assertEquals(full.finalistFineTuneSteps(), e.oracle().finalistFineTuneSteps());
        assertTrue(Path.of(e.model().checkpoint()).isAbsolute(), e.model().checkpoint());
    }
}
