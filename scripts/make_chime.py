"""Write static/sound/chime.wav: the ding-dong played before each lobby call.

Two bell-like tones (E5 then C5, a falling major third), each a few partials
with an exponential decay, ~0.8 s, 16-bit mono 22050 Hz. Deterministic: run
it again and the file comes out byte for byte the same.

    python scripts/make_chime.py [output.wav]
"""

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050
DURATION = 0.8
# (start seconds, fundamental Hz, seconds to fade to 1/e)
NOTES = ((0.0, 659.25, 0.22), (0.28, 523.25, 0.26))
# Bell-ish partials: (frequency ratio, amplitude)
PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.05))
ATTACK = 0.004  # seconds: a soft onset, no click
PEAK = 0.6  # of full scale: pleasant, not loud


def sample(t: float) -> float:
    value = 0.0
    for start, freq, decay in NOTES:
        dt = t - start
        if dt < 0:
            continue
        envelope = math.exp(-dt / decay) * min(1.0, dt / ATTACK)
        value += envelope * sum(
            amp * math.sin(2 * math.pi * freq * ratio * dt) for ratio, amp in PARTIALS
        )
    tail = DURATION - t
    return value * min(1.0, tail / 0.05)  # fade the last 50 ms to silence


def render() -> list[float]:
    samples = [sample(i / RATE) for i in range(int(DURATION * RATE))]
    loudest = max(abs(s) for s in samples)
    return [s / loudest * PEAK for s in samples]


def main() -> None:
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parents[1] / "static/sound/chime.wav"
    )
    frames = b"".join(struct.pack("<h", round(s * 32767)) for s in render())
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(frames)
    print(f"{out}: {len(frames) // 2 / RATE:.2f} s, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
