"""Reading and writing files users bring: releases, contact lists."""
