package io.zikos.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Utils;
import io.zikos.api.Device;
import io.zikos.api.ModelLoadException;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

    @Test
    void engineLoadsOfflineFromClasspathNatives() {
        var engine = DjlRuntime.engine();
        assertEquals("PyTorch", engine.getEngineName());
        assertTrue(engine.getVersion().startsWith("2.7.1"), engine.getVersion());
        assertTrue(Utils.isOfflineMode(), "offline mode must be on");
        assertTrue(!Utils.getEngineCacheDir().toString().contains("target"),
                "libtorch must not unpack into target/: " + Utils.getEngineCacheDir());
    }

    @Test
    void cpuIsAlwaysAvailableAndCudaFailsClearlyWithoutGpu() {
        assertEquals(ai.djl.Device.cpu(), DjlRuntime.resolveDevice(Device.CPU));
        if (DjlRuntime.engine().getGpuCount() == 0) {
            assertEquals(ai.djl.Device.cpu(), DjlRuntime.resolveDevice(Device.AUTO));
            var ex = assertThrows(ModelLoadException.class, () -> DjlRuntime.resolveDevice(Device.CUDA));
            assertTrue(ex.getMessage().contains("-Dzikos.cuda"), ex.getMessage());
        } else {
            assertTrue(DjlRuntime.resolveDevice(Device.AUTO).isGpu());
        }
    }
}
