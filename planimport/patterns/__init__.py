"""The phrases the recognizer reads (planimport.recognize), one small module per kind: names
(normalizing), measures (targets), parties (tasks' units), timing (when and how often), ending
(Nơi nhận, the signature block) and budget (kinh phí lines). Each is pure Python over text."""
