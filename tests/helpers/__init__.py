"""What several test areas share besides fixtures."""
