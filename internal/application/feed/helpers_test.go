package feed_test

import "context"

var ctx = context.Background()
